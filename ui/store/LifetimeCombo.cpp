// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/store/LifetimeCombo.h"

#include "models/core/LifetimePolicy.h"

namespace tokendesk::ui {

namespace {
// An item's data: the lifetime in seconds, or -1 for none.
constexpr qint64 kNone = -1;
} // namespace

LifetimeCombo::LifetimeCombo(const QString& noneText, QWidget* parent) : QComboBox(parent)
{
    addItem(noneText, kNone);
    for (int days : {7, 30, 90, 180, 365}) {
        const std::chrono::seconds lifetime = std::chrono::days(days);
        addItem(LifetimeText::duration(lifetime), qint64(lifetime.count()));
    }
}

void LifetimeCombo::setLifetime(std::optional<std::chrono::seconds> lifetime)
{
    const qint64 wanted = lifetime ? qint64(lifetime->count()) : kNone;
    int index = findData(wanted);
    if (index < 0) {
        // Kept in order of length, so the list still reads from short to long.
        index = 1;
        while (index < count() && itemData(index).toLongLong() < wanted)
            ++index;
        insertItem(index, LifetimeText::duration(lifetime), wanted);
    }
    setCurrentIndex(index);
}

std::optional<std::chrono::seconds> LifetimeCombo::lifetime() const
{
    const qint64 seconds = currentData().toLongLong();
    if (seconds == kNone)
        return std::nullopt;
    return std::chrono::seconds(seconds);
}

} // namespace tokendesk::ui
