// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/backend/Backend.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <memory>

class QWidget;

namespace tokendesk {
class RequestTracker;
class TokenTableModel;
} // namespace tokendesk

namespace tokendesk::ui {

class Banner;
class Clipboard;
class GenerateDialog;

// The token flows — generate → reveal, rename, disable/enable, rotate → reveal, revoke — from
// the dialog that asks to the banner that reports. Every dialog is opened window-modal with
// open() (no nested event loop), and every backend answer comes back through a continuation
// guarded by this object.
class TokenOperations : public QObject
{
    Q_OBJECT

public:
    TokenOperations(TokenTableModel* model, Banner* banner, Clipboard* clipboard, QWidget* dialogParent);

    void setBackend(std::shared_ptr<Backend> backend);

    void generate();
    void rename(const Token& token);
    void editDetails(const Token& token);
    void changeExpiry(const Token& token);
    void toggleEnabled(const Token& token);
    void rotate(const Token& token);
    void revoke(const Token& token);
    void copyMaskedId(const Token& token);

    bool isBusy() const;
    // The changes sent and not yet answered.
    RequestTracker* requests() const { return m_requests; }

Q_SIGNALS:
    // Tokens were added or removed: the session's "n of m used" may have changed.
    void tokensChanged();
    void tokenUpdated(const tokendesk::Token& token);
    // An operation failed (its message is shown already); STORE_UNAVAILABLE takes a server offline.
    void failed(const tokendesk::Error& error);

private:
    void showError(const Error& error);
    void openGenerateDialog(const LifetimePolicy& policy);
    void reveal(const GeneratedToken& generated);
    void applyChange(const Token& token, const QString& successMessage);
    bool stillCurrent(const std::shared_ptr<Backend>& backend) const { return backend == m_backend; }

    TokenTableModel* m_model;
    Banner* m_banner;
    Clipboard* m_clipboard;
    QPointer<QWidget> m_dialogParent;
    std::shared_ptr<Backend> m_backend;
    RequestTracker* m_requests;
};

} // namespace tokendesk::ui
