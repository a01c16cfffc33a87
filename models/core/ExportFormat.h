// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

#include <optional>

namespace tokendesk {

// The formats a token inventory exports to (TokenExportWriter writes them).
enum class ExportFormat
{
    Csv,
    Json
};

// "csv" or "json" (any case); nullopt for anything else.
std::optional<ExportFormat> exportFormatFromName(QStringView name);
QString exportFormatName(ExportFormat format);
// The MIME type a file or an HTTP reply of this format carries.
QByteArray exportMimeType(ExportFormat format);

} // namespace tokendesk
