// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace tokendesk::Translations {

// Installs the translators of the console and the CLI on the running application: always the
// English one, which supplies the singular and plural forms of "%n token(s)"-style strings, and
// on top of it the user's language when a translation for it is built in. Call once, after the
// application object exists and before any window is made or any line printed. Returns false if the English
// forms are missing, which is a build problem (the .qm is compiled into the binary).
bool install();

} // namespace tokendesk::Translations
