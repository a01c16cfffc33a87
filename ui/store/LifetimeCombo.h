// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QComboBox>

#include <chrono>
#include <optional>

namespace tokendesk::ui {

// A lifetime chosen from the usual ones (7, 30, 90, 180, 365 days) or "none" (never expires, or
// no maximum: the caller names it). A lifetime set that is none of these, such as the CLI's
// "12h", is shown as it is and kept, so opening and saving the settings changes nothing.
class LifetimeCombo : public QComboBox
{
    Q_OBJECT

public:
    LifetimeCombo(const QString& noneText, QWidget* parent = nullptr);

    void setLifetime(std::optional<std::chrono::seconds> lifetime);
    std::optional<std::chrono::seconds> lifetime() const;
};

} // namespace tokendesk::ui
