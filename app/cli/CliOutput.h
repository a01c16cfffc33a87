// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Error.h"
#include "models/core/Types.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <cstdio>

namespace tokendesk::cli {

// Everything the CLI prints goes through here: stdout for results, stderr for notes, errors and
// usage hints. The plaintext of a token has exactly one way out (printGenerated), which writes
// it with write(2) from a buffer that is wiped afterwards, bypassing stdio's buffers.
class CliOutput
{
    Q_DECLARE_TR_FUNCTIONS(CliOutput)

public:
    CliOutput(std::FILE* out = stdout, std::FILE* err = stderr);

    void line(const QString& text);
    void note(const QString& text);
    // "error: CODE: message", always exactly one line.
    void error(const Error& error);
    // The message, the command's usage line and where to find more help.
    void usageError(const QString& message, const QString& usageLine, const QString& helpCommand);
    void json(const QJsonObject& object);
    void json(const QJsonArray& array);
    void table(const QStringList& headers, const QList<QStringList>& rows);

    // The new token alone on one line, or with --json an object with id, token, masked, label,
    // role and expires_at. False if stdout did not take it (the caller must say so).
    bool printGenerated(const GeneratedToken& generated, bool asJson);
    // Where results go, for output written as a stream of bytes (export).
    std::FILE* resultStream() const { return m_out; }

    // `text` safe to show on a terminal or in a log: characters that would act instead of being
    // shown (ESC, other controls, bidi overrides, separators) as \u{hex}, line feeds kept only
    // when asked, and anything shaped like a token masked.
    static QString printable(const QString& text, bool keepLineBreaks);

    static QString formatTable(const QStringList& headers, const QList<QStringList>& rows);
    // ISO 8601 in UTC with a trailing Z, or JSON null for a null time.
    static QJsonValue isoUtc(const QDateTime& time);
    // Local time for tables; `ifNull` for a null time.
    static QString displayTime(const QDateTime& time, const QString& ifNull);
    static QJsonObject tokenJson(const Token& token);
    static QJsonObject userJson(const User& user);
    static QJsonObject auditJson(const AuditEntry& entry);

private:
    void write(std::FILE* stream, const QString& text);
    bool writeSecretLine(QByteArray& line);

    std::FILE* m_out;
    std::FILE* m_err;
};

} // namespace tokendesk::cli
