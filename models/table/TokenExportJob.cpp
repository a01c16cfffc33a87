// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/table/TokenExportJob.h"

#include "models/api/TokenExport.h"
#include "models/backend/Backend.h"
#include "models/core/Continuation.h"

#include <QSaveFile>

namespace tokendesk {

TokenExportJob::TokenExportJob(std::shared_ptr<Backend> backend, TokenQuery query, ExportFormat format,
                               const QString& path, QObject* parent, int pageSize)
    : QObject(parent), m_backend(std::move(backend)), m_query(std::move(query)),
      m_file(std::make_unique<QSaveFile>(path)),
      m_writer(std::make_unique<TokenExportWriter>(format, *m_file))
{
    m_query.offset = 0;
    m_query.after.reset();
    m_query.limit = std::clamp(pageSize, 1, TokenQuery::kMaxPageSize);
}

TokenExportJob::~TokenExportJob() = default;

void TokenExportJob::start()
{
    if (!m_file->open(QIODevice::WriteOnly)) {
        fail(writeError(ErrorCode::InvalidInput));
        return;
    }
    // Before the first byte: the temporary file QSaveFile writes is what gets renamed into place.
    m_file->setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner);
    if (!m_writer->begin()) {
        fail(writeError(ErrorCode::Internal));
        return;
    }
    whenDone(m_backend->count(m_query), this, [this](const Result<qint64>& total) {
        if (m_done)
            return;
        if (!total) {
            fail(total.error());
            return;
        }
        m_total = total.value();
        Q_EMIT progress(m_written, m_total);
        requestPage();
    });
}

void TokenExportJob::cancel()
{
    m_cancelled = true;
}

void TokenExportJob::requestPage()
{
    if (m_cancelled) {
        m_done = true;
        m_file->cancelWriting();
        m_file->commit();
        Q_EMIT cancelled();
        return;
    }
    whenDone(m_backend->list(m_query), this, [this](const Result<QList<Token>>& page) { onPage(page); });
}

void TokenExportJob::onPage(const Result<QList<Token>>& page)
{
    if (!page) {
        fail(page.error());
        return;
    }
    if (!m_writer->write(page.value())) {
        fail(writeError(ErrorCode::Internal));
        return;
    }
    m_written += page.value().size();
    Q_EMIT progress(m_written, m_total);
    if (page.value().size() < m_query.limit) {
        if (!m_writer->finish() || !m_file->commit()) {
            fail(writeError(ErrorCode::Internal));
            return;
        }
        m_done = true;
        Q_EMIT finished(m_written);
        return;
    }
    m_query = m_query.nextPage(page.value());
    requestPage();
}

Error TokenExportJob::writeError(ErrorCode code) const
{
    return Error{code, tr("Cannot write %1: %2").arg(m_file->fileName(), m_file->errorString())};
}

void TokenExportJob::fail(const Error& error)
{
    m_done = true;
    if (m_file->isOpen())
        m_file->cancelWriting();
    m_file->commit(); // after cancelWriting(): discards the temporary file, keeps any old one
    Q_EMIT failed(error);
}

} // namespace tokendesk
