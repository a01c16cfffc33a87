// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"
#include "models/core/Types.h"

#include <QDateTime>
#include <QString>

#include <chrono>
#include <optional>

namespace tokendesk {

// How long one role's tokens may live: what a new token gets when its creator does not choose,
// and the furthest into the future any expiry may lie ("at most 90 days from now"). Measured from
// the moment of the change, so a token extended today may again live the whole maximum, and a
// token made before the maximum was tightened breaks the policy until it expires or is moved in.
struct RoleLifetime
{
    std::optional<std::chrono::seconds> defaultLifetime; // nullopt: never expires
    std::optional<std::chrono::seconds> maximum;         // nullopt: no maximum, "never" allowed

    bool allowsNever() const { return !maximum.has_value(); }
    bool operator==(const RoleLifetime&) const = default;
};

// The store's lifetime policy, one RoleLifetime per role. Checked by the backend on generate,
// rotate and every expiry change; shown by the console so it offers only what is allowed.
struct LifetimePolicy
{
    // The shortest and longest lifetime a policy may name (the longest is Validation's ten years).
    static constexpr std::chrono::seconds kShortest = std::chrono::minutes(1);
    static constexpr std::chrono::seconds kLongest = std::chrono::days(3650);
    // An expiry computed on a client ("in 90 days") reaches the store a little later, on a clock
    // that may run a little ahead: this much past the maximum is still taken as within it.
    static constexpr std::chrono::seconds kClockSlack = std::chrono::minutes(5);

    RoleLifetime admin;
    RoleLifetime developer;

    // Stores made before the policy existed: tokens never expire unless their creator says so.
    static LifetimePolicy unrestricted();
    // A new store's policy: 90 days unless the creator chooses, no maximum.
    static LifetimePolicy newStoreDefault();

    const RoleLifetime& forRole(Role role) const;
    RoleLifetime& forRole(Role role);

    // INVALID_INPUT when a lifetime lies outside kShortest..kLongest, a default is longer than
    // its maximum, or a default of "never" meets a maximum.
    Result<Unit> validate() const;
    // The expiry a new token of `role` gets when its creator leaves the choice to the policy
    // (null: never expires).
    QDateTime defaultExpiry(Role role, const QDateTime& now) const;
    // The furthest expiry allowed from `now`; nullopt when the role has no maximum.
    std::optional<QDateTime> latestExpiry(Role role, const QDateTime& now) const;
    // INVALID_INPUT naming the limit ("Admin tokens may live at most 90 days …") when `expiresAt`
    // (null: never) is not allowed for `role`.
    Result<Unit> check(Role role, const QDateTime& expiresAt, const QDateTime& now) const;
    // Whether a token as it stands now breaks the policy (made before a maximum was tightened).
    bool breaks(Role role, const QDateTime& expiresAt, const QDateTime& now) const;
    bool hasMaximum() const { return admin.maximum || developer.maximum; }

    bool operator==(const LifetimePolicy&) const = default;
};

namespace LifetimeText {
// "90 days", "12 hours", "1 minute"; "never" for nullopt. Translated.
QString duration(std::optional<std::chrono::seconds> lifetime);
// "default 90 days, at most 365 days" / "default never, no maximum": one role, for the CLI and
// the audit trail.
QString role(const RoleLifetime& lifetime);
// How the CLI writes a lifetime and reads it back: "90d", "12h", "never".
QString compact(std::optional<std::chrono::seconds> lifetime);
// "never" or a Validation::duration ("90d", "2w"); INVALID_INPUT otherwise.
Result<std::optional<std::chrono::seconds>> parse(const QString& text);
} // namespace LifetimeText

} // namespace tokendesk
