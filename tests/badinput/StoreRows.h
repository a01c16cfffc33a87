// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace tokendesk::test {

// Every row of every table of a SQLite store file, as text, for "nothing in the store changed"
// after a refused input. Read through a connection of its own, so a backend that still has the
// file open is not disturbed. Last-used times are left out: a verify in between may record one.
QByteArray storeRows(const QString& storePath);

} // namespace tokendesk::test
