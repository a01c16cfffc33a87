// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/ExportFormat.h"
#include "models/core/Types.h"

#include <QByteArray>
#include <QIODevice>
#include <QList>

namespace tokendesk {

// Writes a token inventory, page by page, so that a million rows never sit in memory at once.
// The columns are the fields of a listing (the REST token object): a Token carries neither a
// secret nor its hash, so neither can reach an export.
//
// CSV follows RFC 4180 (CRLF, fields quoted where needed, UTF-8 without a byte order mark); a
// field that a spreadsheet would run as a formula (starting with = + - @ tab or CR) is written
// with a leading apostrophe, as OWASP advises against CSV injection: labels and descriptions are
// typed by anyone who may create a token, and an export is opened by an admin.
// JSON is one array of the REST API's token objects, one per line.
class TokenExportWriter
{
public:
    TokenExportWriter(ExportFormat format, QIODevice& device);

    // The header row or the opening bracket. False when the device refused the bytes.
    bool begin();
    bool write(const QList<Token>& tokens);
    // The closing bracket (JSON); nothing for CSV.
    bool finish();

    static QList<QString> columns();
    static QByteArray csvRow(const Token& token);

private:
    bool put(const QByteArray& bytes);

    ExportFormat m_format;
    QIODevice& m_device;
    bool m_first = true;
};

} // namespace tokendesk
