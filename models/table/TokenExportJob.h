// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/ExportFormat.h"
#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QObject>

#include <memory>

class QSaveFile;

namespace tokendesk {

class Backend;
class TokenExportWriter;

// Exports every token a query matches to a file, page by page, without blocking the thread it
// lives on: each page is asked of the backend asynchronously and written when it arrives, so a
// console exporting a million rows keeps painting and its Cancel button keeps working.
//
// The file is written through QSaveFile: it appears complete or not at all (a cancelled or failed
// export leaves no half file behind, nor touches a file it would have replaced), and it is
// readable by its owner only, since an inventory names who holds which token.
class TokenExportJob : public QObject
{
    Q_OBJECT

public:
    static constexpr int kPageSize = 2000;

    TokenExportJob(std::shared_ptr<Backend> backend, TokenQuery query, ExportFormat format,
                   const QString& path, QObject* parent = nullptr, int pageSize = kPageSize);
    ~TokenExportJob() override;

    void start();
    // Stops after the page in flight; the file is discarded and cancelled() is emitted.
    void cancel();

Q_SIGNALS:
    // `total` is the count when the export began; -1 until it is known.
    void progress(qint64 written, qint64 total);
    // Exactly one of these ends every started export.
    void finished(qint64 rows);
    void failed(const tokendesk::Error& error);
    void cancelled();

private:
    void requestPage();
    void onPage(const Result<QList<Token>>& page);
    void fail(const Error& error);
    Error writeError(ErrorCode code) const;

    std::shared_ptr<Backend> m_backend;
    TokenQuery m_query;
    std::unique_ptr<QSaveFile> m_file;
    std::unique_ptr<TokenExportWriter> m_writer;
    qint64 m_total = -1;
    qint64 m_written = 0;
    bool m_cancelled = false;
    bool m_done = false;
};

} // namespace tokendesk
