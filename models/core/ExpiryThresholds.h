// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QList>
#include <QString>

namespace tokendesk::ExpiryThresholds {

// When expiry warnings go out: a store setting of whole days before a token's expiry, at most
// kMost of them, each 1..kLongestDays; none turns the warnings off.
inline constexpr int kMost = 5;
inline constexpr int kLongestDays = 365;

// A store's thresholds until an admin sets others: 30, 7 and 1 days.
QList<int> defaults();
// The thresholds longest first, each once; INVALID_INPUT naming the first value out of range,
// or the count when there are more than kMost.
Result<QList<int>> normalised(QList<int> days);
// "30, 7 and 1 days", "1 day", "none". Translated.
QString text(const QList<int>& days);
// How the CLI writes them and reads them back: "30,7,1", "none".
QString compact(const QList<int>& days);
// "30,7,1" (spaces allowed) or "none"; INVALID_INPUT otherwise, or as normalised() says.
Result<QList<int>> parse(const QString& text);

} // namespace tokendesk::ExpiryThresholds
