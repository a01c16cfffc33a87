// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/ExportFormat.h"

namespace tokendesk {

std::optional<ExportFormat> exportFormatFromName(QStringView name)
{
    if (name.compare(u"csv", Qt::CaseInsensitive) == 0)
        return ExportFormat::Csv;
    if (name.compare(u"json", Qt::CaseInsensitive) == 0)
        return ExportFormat::Json;
    return std::nullopt;
}

QString exportFormatName(ExportFormat format)
{
    return format == ExportFormat::Csv ? QStringLiteral("csv") : QStringLiteral("json");
}

QByteArray exportMimeType(ExportFormat format)
{
    return format == ExportFormat::Csv ? "text/csv; charset=utf-8" : "application/json";
}

} // namespace tokendesk
