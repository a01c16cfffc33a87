// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <memory>
#include <optional>

namespace tokendesk {
class Backend;
}

namespace tokendesk::bench {

struct ExportFigures
{
    double seconds = 0; // the whole CSV export, count included, to a committed file
    qint64 rows = 0;
    double megabytes = 0;      // the file's size
    double rssDeltaMb = 0;     // resident memory after the export minus before: flat means ~0
    double longestStallMs = 0; // the longest the event loop went without running a 5 ms timer
    double rawScanSeconds = 0; // the floor: one SELECT of the same columns on a raw connection
    qint64 rawScanRows = 0;
};

// Exports every token of the store at `storePath` to a CSV file in /tmp through TokenExportJob,
// the console's path, while a timer measures how long the event loop was ever kept from running.
std::optional<ExportFigures> measureExport(const std::shared_ptr<Backend>& backend, const QString& storePath);

} // namespace tokendesk::bench
