// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/BulkAction.h"

#include <array>
#include <utility>

using namespace Qt::StringLiterals;

namespace tokendesk {

namespace {

constexpr std::array<std::pair<BulkActionKind, QStringView>, 6> kNames{{
    {BulkActionKind::Disable, u"disable"},
    {BulkActionKind::Enable, u"enable"},
    {BulkActionKind::Revoke, u"revoke"},
    {BulkActionKind::Extend, u"extend"},
    {BulkActionKind::AddTag, u"tag"},
    {BulkActionKind::RemoveTag, u"untag"},
}};

} // namespace

QString bulkActionName(BulkActionKind kind)
{
    for (const auto& [each, name] : kNames) {
        if (each == kind)
            return name.toString();
    }
    return {};
}

std::optional<BulkActionKind> bulkActionFromName(QStringView name)
{
    for (const auto& [kind, each] : kNames) {
        if (each == name)
            return kind;
    }
    return std::nullopt;
}

void BulkOutcome::add(const BulkOutcome& other)
{
    changed += other.changed;
    unchanged += other.unchanged;
    failures += other.failures;
}

QList<BulkItem> BulkItem::anyVersionOf(const QList<TokenId>& ids)
{
    QList<BulkItem> items;
    items.reserve(ids.size());
    for (const TokenId id : ids)
        items.append({id, kAnyVersion});
    return items;
}

} // namespace tokendesk
