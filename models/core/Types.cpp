// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Types.h"

#include <array>
#include <utility>

namespace tokendesk {

namespace {

template <typename E, std::size_t N>
std::optional<E> lookup(const std::array<std::pair<E, const char*>, N>& table, const QString& name)
{
    for (const auto& [value, text] : table) {
        if (name.compare(QLatin1String(text), Qt::CaseInsensitive) == 0)
            return value;
    }
    return std::nullopt;
}

template <typename E, std::size_t N>
QString nameOf(const std::array<std::pair<E, const char*>, N>& table, E value)
{
    for (const auto& [candidate, text] : table) {
        if (candidate == value)
            return QLatin1String(text);
    }
    return {};
}

constexpr std::array<std::pair<Role, const char*>, 2> kRoles{{
    {Role::Developer, "developer"},
    {Role::Admin, "admin"},
}};

constexpr std::array<std::pair<TokenStatus, const char*>, 3> kStatuses{{
    {TokenStatus::Active, "active"},
    {TokenStatus::Disabled, "disabled"},
    {TokenStatus::Expired, "expired"},
}};

constexpr std::array<std::pair<SortKey, const char*>, 7> kSortKeys{{
    {SortKey::Label, "label"},
    {SortKey::Created, "created"},
    {SortKey::LastUsed, "last-used"},
    {SortKey::Role, "role"},
    {SortKey::Status, "status"},
    {SortKey::CreatedBy, "created-by"},
    {SortKey::Expires, "expires"},
}};

} // namespace

QString roleName(Role role)
{
    return nameOf(kRoles, role);
}

std::optional<Role> roleFromName(const QString& name)
{
    return lookup(kRoles, name);
}

QString statusName(TokenStatus status)
{
    return nameOf(kStatuses, status);
}

std::optional<TokenStatus> statusFromName(const QString& name)
{
    return lookup(kStatuses, name);
}

QString sortKeyName(SortKey key)
{
    return nameOf(kSortKeys, key);
}

std::optional<SortKey> sortKeyFromName(const QString& name)
{
    return lookup(kSortKeys, name);
}

std::optional<PageAnchor> TokenQuery::anchorAfter(const Token& last) const
{
    QVariant value;
    switch (sort) {
    case SortKey::Label:
        value = last.label;
        break;
    case SortKey::Created:
        value = last.createdAt;
        break;
    case SortKey::LastUsed:
        value = last.lastUsedAt;
        break;
    case SortKey::Role:
        value = roleName(last.role);
        break;
    case SortKey::CreatedBy:
        value = last.createdBy;
        break;
    case SortKey::Expires:
        value = last.expiresAt;
        break;
    case SortKey::Status:
        return std::nullopt;
    }
    return PageAnchor{sort, value, last.id};
}

TokenQuery TokenQuery::nextPage(const QList<Token>& page) const
{
    TokenQuery next = *this;
    if (page.isEmpty())
        return next;
    if (std::optional<PageAnchor> anchor = anchorAfter(page.last())) {
        next.after = std::move(anchor);
        next.offset = 0;
    } else {
        next.offset += int(page.size());
    }
    return next;
}

} // namespace tokendesk
