// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/api/TokenExport.h"

#include "models/api/ApiJson.h"

#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace tokendesk {

namespace {

// One CSV field: quoted when it holds a quote, a separator or a line break, or starts or ends
// with a space (which some readers trim); a formula-looking start is defused first.
QByteArray csvField(const QString& text)
{
    QString value = text;
    static constexpr QStringView formulaStarts = u"=+-@\t\r";
    if (!value.isEmpty() && formulaStarts.contains(value.front()))
        value.prepend(u'\'');
    const bool quote = value.contains(u'"') || value.contains(u',') || value.contains(u'\n') ||
                       value.contains(u'\r') || value.startsWith(u' ') || value.endsWith(u' ');
    if (!quote)
        return value.toUtf8();
    value.replace(u"\""_s, u"\"\""_s);
    return '"' + value.toUtf8() + '"';
}

QString csvTime(const QDateTime& at)
{
    return at.isValid() ? at.toUTC().toString(Qt::ISODateWithMs) : QString();
}

} // namespace

TokenExportWriter::TokenExportWriter(ExportFormat format, QIODevice& device)
    : m_format(format), m_device(device)
{}

QList<QString> TokenExportWriter::columns()
{
    // The REST token object's names, in its order, so a CSV and a JSON export read alike.
    return {u"id"_s,           u"label"_s,      u"masked"_s,      u"role"_s,
            u"status"_s,       u"created_by"_s, u"created_at"_s,  u"expires_at"_s,
            u"last_used_at"_s, u"version"_s,    u"description"_s, u"tags"_s};
}

QByteArray TokenExportWriter::csvRow(const Token& token)
{
    // Tags hold no spaces or commas (Validation::tag), so one space separates them unambiguously.
    const QList<QString> fields{QString::number(token.id),
                                token.label,
                                token.masked,
                                roleName(token.role),
                                statusName(token.status),
                                token.createdBy,
                                csvTime(token.createdAt),
                                csvTime(token.expiresAt),
                                csvTime(token.lastUsedAt),
                                QString::number(token.version),
                                token.description,
                                token.tags.join(u' ')};
    QByteArray row;
    row.reserve(160);
    for (const QString& field : fields) {
        if (!row.isEmpty())
            row += ',';
        row += csvField(field);
    }
    return row + "\r\n";
}

bool TokenExportWriter::put(const QByteArray& bytes)
{
    return m_device.write(bytes) == bytes.size();
}

bool TokenExportWriter::begin()
{
    if (m_format == ExportFormat::Json)
        return put("[");
    return put(columns().join(u',').toUtf8() + "\r\n");
}

bool TokenExportWriter::write(const QList<Token>& tokens)
{
    QByteArray chunk;
    for (const Token& token : tokens) {
        if (m_format == ExportFormat::Csv) {
            chunk += csvRow(token);
            continue;
        }
        chunk += m_first ? "\n" : ",\n";
        m_first = false;
        chunk += QJsonDocument(ApiJson::toJson(token)).toJson(QJsonDocument::Compact);
    }
    return put(chunk);
}

bool TokenExportWriter::finish()
{
    if (m_format == ExportFormat::Json)
        return put("\n]\n");
    return true;
}

} // namespace tokendesk
