// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"
#include "models/table/TokenExportJob.h"

#include <QObject>
#include <QPointer>

#include <memory>

class QProgressDialog;
class QWidget;

namespace tokendesk::ui {

class Banner;

// File → Export Tokens…: asks where to save, then exports what the table lists (its filter and
// sort, every row, not only the loaded ones) with a progress dialog whose Cancel works, and says
// in the banner how it went. The window stays usable: the export runs page by page on the
// backend's thread (TokenExportJob).
class TokenExportFlow : public QObject
{
    Q_OBJECT

public:
    TokenExportFlow(Banner* banner, QWidget* window);
    ~TokenExportFlow() override;

    // Shows a save dialog; the format follows the chosen file type (CSV unless .json).
    void chooseAndExport(std::shared_ptr<Backend> backend, const TokenQuery& query);
    void exportTo(std::shared_ptr<Backend> backend, const TokenQuery& query, const QString& path,
                  ExportFormat format);
    bool isRunning() const { return m_job != nullptr; }

Q_SIGNALS:
    // Once per export, however it ended.
    void ended();

private:
    void finish();

    Banner* m_banner;
    QWidget* m_window;
    QPointer<TokenExportJob> m_job;
    QPointer<QProgressDialog> m_progress;
};

} // namespace tokendesk::ui
