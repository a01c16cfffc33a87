// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace tokendesk {

// A write past the process's file-size limit (RLIMIT_FSIZE, as a quota or a full small volume
// sets it) raises SIGXFSZ, whose default action kills the process on the spot: the CLI died with
// exit 153 and no word, the server dropped every connection. Ignored, the write fails with EFBIG
// instead, SQLite rolls the transaction back and reports a full disk (STORE_UNAVAILABLE), and the
// store stays as it was. Called first thing by each executable.
void reportFileSizeLimitAsAnError();

} // namespace tokendesk
