// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <functional>

class QWidget;

namespace tokendesk::ui::StoreFileDialogs {

// Non-blocking file choosers (window-modal, no nested event loop); `chosen` runs only when the
// user picked a file.
void chooseExisting(QWidget* parent, const QString& startDir, std::function<void(const QString&)> chosen);
void chooseNew(QWidget* parent, const QString& startDir, std::function<void(const QString&)> chosen);

} // namespace tokendesk::ui::StoreFileDialogs
