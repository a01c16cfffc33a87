// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <QObject>
#include <QSet>
#include <QString>

#include <memory>

namespace tokendesk {
class ExpiringSoonCount;
class TokenTableModel;
} // namespace tokendesk

namespace tokendesk::ui {

class Banner;
class TokenFilterBar;

// Tells the admin which tokens expire soon (within the store's first expiry warning, 30 days
// unless set otherwise): the badge beside the expiry filter, the marked Expires cells of the
// table, and — once per store in a console session — a banner whose "Show Them" lists them. The
// banner never covers an error: it waits for a later refresh instead.
class ExpiryReminder : public QObject
{
    Q_OBJECT

public:
    ExpiryReminder(TokenTableModel* model, TokenFilterBar* filterBar, Banner* banner,
                   QObject* parent = nullptr);

    // `store` names the store for "once per store" (its path or address).
    void setBackend(std::shared_ptr<Backend> backend, const QString& store);
    // Counts again: after the store was opened or anything changed in it.
    void refresh();

private:
    void show();

    TokenTableModel* m_model;
    TokenFilterBar* m_filterBar;
    Banner* m_banner;
    ExpiringSoonCount* m_count;
    QString m_store;
    QSet<QString> m_reminded;
};

} // namespace tokendesk::ui
