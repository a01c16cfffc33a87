// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace tokendesk::StorePaths {

// The store the GUI opens and the CLI uses when no --store is given: $TOKENDESK_STORE if set,
// else <user data dir>/tokendesk/default.tokendesk.
QString defaultStorePath();
// The OS login name, the default acting user and the first admin of a default store.
QString osLoginName();

} // namespace tokendesk::StorePaths
