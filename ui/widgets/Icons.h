// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QIcon>

namespace tokendesk::ui::Icons {

// An icon drawn for this project, from resources/icons/<name>.svg.
QIcon icon(const QString& name);
QIcon appIcon();

} // namespace tokendesk::ui::Icons
