// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/cli/CliOutput.h"

#include "models/api/ApiJson.h"
#include "models/core/Formatting.h"
#include "models/core/Secret.h"
#include "models/core/TokenFormat.h"

#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <cerrno>
#include <unistd.h>

namespace tokendesk::cli {

QString CliOutput::printable(const QString& text, bool keepLineBreaks)
{
    QString shown = Formatting::escapeForDisplay(text, keepLineBreaks);
    // A token typed where it does not belong must not be echoed into a log in full.
    static const QRegularExpression token(QStringLiteral("tdk_[0-9A-Za-z]{8,}"));
    QRegularExpressionMatch match;
    qsizetype from = 0;
    while ((match = token.match(shown, from)).hasMatch()) {
        const QString masked = TokenFormat::masked(match.captured().toLatin1());
        shown.replace(match.capturedStart(), match.capturedLength(), masked);
        from = match.capturedStart() + masked.size();
    }
    return shown;
}

CliOutput::CliOutput(std::FILE* out, std::FILE* err) : m_out(out), m_err(err) {}

void CliOutput::write(std::FILE* stream, const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stream);
    std::fflush(stream);
}

void CliOutput::line(const QString& text)
{
    // Lines quote labels and names read from the store, which something else may have written.
    write(m_out, printable(text, true) + QLatin1Char('\n'));
}

void CliOutput::note(const QString& text)
{
    write(m_err, printable(text, true) + QLatin1Char('\n'));
}

void CliOutput::error(const Error& error)
{
    // Scripts read the first line; a message must never spill onto a second one.
    QString text = error.toString();
    text.replace(QLatin1Char('\n'), QLatin1Char(' '));
    note(QStringLiteral("error: ") + text);
}

void CliOutput::usageError(const QString& message, const QString& usageLine, const QString& helpCommand)
{
    const QString app = QCoreApplication::applicationName();
    note(app + QStringLiteral(": ") + printable(message, false));
    note(tr("Usage: %1 %2").arg(app, usageLine));
    note(tr("Run '%1 %2' for more information.").arg(app, helpCommand));
}

void CliOutput::json(const QJsonObject& object)
{
    write(m_out, QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

void CliOutput::json(const QJsonArray& array)
{
    write(m_out, QString::fromUtf8(QJsonDocument(array).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
}

void CliOutput::table(const QStringList& headers, const QList<QStringList>& rows)
{
    QList<QStringList> shown;
    shown.reserve(rows.size());
    for (const QStringList& row : rows) {
        QStringList cells;
        cells.reserve(row.size());
        for (const QString& cell : row)
            cells << printable(cell, false);
        shown << cells;
    }
    write(m_out, formatTable(headers, shown));
}

bool CliOutput::printGenerated(const GeneratedToken& generated, bool asJson)
{
    const QByteArrayView secret = generated.secret.view();
    if (!ApiJson::isPlainTokenText(secret))
        return false;
    QByteArray line;
    if (!asJson) {
        line.reserve(secret.size() + 1);
        line.append(secret).append('\n');
        return writeSecretLine(line);
    }
    const Token& token = generated.token;
    const QJsonObject fields{
        {QStringLiteral("id"), token.id},
        {QStringLiteral("masked"), token.masked},
        {QStringLiteral("label"), token.label},
        {QStringLiteral("role"), roleName(token.role)},
        {QStringLiteral("expires_at"), isoUtc(token.expiresAt)},
    };
    // Spliced in by hand rather than through QJsonObject, whose copies we could not wipe.
    line = ApiJson::jsonWithSecret(fields, secret, "\n");
    return writeSecretLine(line);
}

bool CliOutput::writeSecretLine(QByteArray& line)
{
    std::fflush(m_out); // keep anything printed earlier in order
    const int fd = ::fileno(m_out);
    bool ok = fd >= 0;
    qsizetype written = 0;
    while (ok && written < line.size()) {
        const ssize_t n = ::write(fd, line.constData() + written, static_cast<size_t>(line.size() - written));
        if (n < 0 && errno == EINTR)
            continue;
        ok = n > 0;
        if (ok)
            written += n;
    }
    secureWipe(line);
    return ok;
}

QString CliOutput::formatTable(const QStringList& headers, const QList<QStringList>& rows)
{
    QList<qsizetype> widths(headers.size(), 0);
    auto measure = [&widths](const QStringList& cells) {
        for (qsizetype i = 0; i < widths.size() && i < cells.size(); ++i)
            widths[i] = std::max(widths[i], cells[i].size());
    };
    measure(headers);
    for (const QStringList& row : rows)
        measure(row);

    QString text;
    auto append = [&text, &widths](const QStringList& cells) {
        QString line;
        for (qsizetype i = 0; i < widths.size(); ++i) {
            const QString cell = i < cells.size() ? cells[i] : QString();
            line += i + 1 < widths.size() ? cell.leftJustified(widths[i] + 2) : cell;
        }
        // A blank last cell would otherwise leave trailing spaces.
        while (line.endsWith(QLatin1Char(' ')))
            line.chop(1);
        text += line + QLatin1Char('\n');
    };
    append(headers);
    for (const QStringList& row : rows)
        append(row);
    return text;
}

QJsonValue CliOutput::isoUtc(const QDateTime& time)
{
    if (!time.isValid())
        return QJsonValue(QJsonValue::Null);
    return time.toUTC().toString(Qt::ISODate);
}

QString CliOutput::displayTime(const QDateTime& time, const QString& ifNull)
{
    if (!time.isValid())
        return ifNull;
    return time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm"));
}

QJsonObject CliOutput::tokenJson(const Token& token)
{
    return QJsonObject{
        {QStringLiteral("id"), token.id},
        {QStringLiteral("label"), token.label},
        {QStringLiteral("masked"), token.masked},
        {QStringLiteral("role"), roleName(token.role)},
        {QStringLiteral("status"), statusName(token.status)},
        {QStringLiteral("created_by"), token.createdBy},
        {QStringLiteral("created_at"), isoUtc(token.createdAt)},
        {QStringLiteral("last_used_at"), isoUtc(token.lastUsedAt)},
        {QStringLiteral("expires_at"), isoUtc(token.expiresAt)},
        {QStringLiteral("version"), token.version},
        {QStringLiteral("description"), token.description},
        {QStringLiteral("tags"), QJsonArray::fromStringList(token.tags)},
    };
}

QJsonObject CliOutput::userJson(const User& user)
{
    return QJsonObject{
        {QStringLiteral("name"), user.name},
        {QStringLiteral("admin"), user.admin},
        {QStringLiteral("api_access"), user.apiAccess},
        {QStringLiteral("email"), user.email},
    };
}

QJsonObject CliOutput::auditJson(const AuditEntry& entry)
{
    return QJsonObject{
        {QStringLiteral("seq"), entry.sequence},
        {QStringLiteral("time"), isoUtc(entry.at)},
        {QStringLiteral("actor"), entry.actor},
        {QStringLiteral("action"), entry.action},
        {QStringLiteral("token_id"),
         entry.tokenId != 0 ? QJsonValue(entry.tokenId) : QJsonValue(QJsonValue::Null)},
        {QStringLiteral("label"), entry.label},
        {QStringLiteral("masked"), entry.masked},
        {QStringLiteral("detail"), entry.detail},
    };
}

} // namespace tokendesk::cli
