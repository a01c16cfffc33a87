// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlBackend.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/LifetimePolicySql.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlTokenChanges.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/SqlWrite.h"
#include "models/backend/sql/StorePolicy.h"
#include "models/backend/sql/TokenSql.h"
#include "models/backend/sql/TokenVerifier.h"
#include "models/backend/sql/TokenWriteHook.h"
#include "models/core/Validation.h"
#include "models/notices/NoticeOutbox.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QRandomGenerator>
#include <QThread>

Q_LOGGING_CATEGORY(lcBackend, "tokendesk.backend", QtWarningMsg)

namespace tokendesk {

using StorePolicy::Need;

namespace {

using SqlTokenChanges::isoOrNever;
using SqlWrite::loadForChange;
using SqlWrite::recordChange;
using SqlWrite::writeTransaction;

constexpr std::chrono::seconds kMaxGrace = std::chrono::hours(24 * 30);

Result<TokenDetails> validDetails(const TokenDetails& raw)
{
    auto description = Validation::description(raw.description);
    if (!description.ok())
        return description.error();
    auto tags = Validation::tags(raw.tags);
    if (!tags.ok())
        return tags.error();
    return TokenDetails{description.value(), tags.value()};
}

} // namespace

QFuture<Result<std::shared_ptr<SqlBackend>>> SqlBackend::open(const QString& path, const QString& actor,
                                                              std::shared_ptr<const Crypto> crypto)
{
    auto store = SqlStore::make(path, SqlStore::Options{std::move(crypto), {}});
    return store->run<std::shared_ptr<SqlBackend>>(
        [actor](SqlStore& self) -> Result<std::shared_ptr<SqlBackend>> {
            if (auto opened = self.openExisting(); !opened.ok())
                return opened.error();
            return std::make_shared<SqlBackend>(self.shared_from_this(), actor);
        });
}

QFuture<Result<std::shared_ptr<SqlBackend>>> SqlBackend::create(const QString& path,
                                                                const StoreCreateOptions& options,
                                                                std::shared_ptr<const Crypto> crypto)
{
    auto store = SqlStore::make(path, SqlStore::Options{std::move(crypto), {}});
    return store->run<std::shared_ptr<SqlBackend>>(
        [options](SqlStore& self) -> Result<std::shared_ptr<SqlBackend>> {
            if (auto created = self.createNew(options); !created.ok())
                return created.error();
            return std::make_shared<SqlBackend>(self.shared_from_this(), options.firstAdmin.trimmed());
        });
}

SqlBackend::SqlBackend(std::shared_ptr<SqlStore> store, QString actor, QString auditActor)
    : m_store(std::move(store)), m_actor(std::move(actor)),
      m_auditActor(auditActor.isEmpty() ? m_actor : std::move(auditActor))
{}

SqlBackend::~SqlBackend() = default;

std::shared_ptr<SqlBackend> SqlBackend::withActor(const QString& actor, const QString& auditActor) const
{
    return std::make_shared<SqlBackend>(m_store, actor, auditActor);
}

QFuture<Result<Unit>> SqlBackend::flushLastUsed()
{
    return m_store->run<Unit>([](SqlStore& store) { return store.flushUses(); });
}

QFuture<Result<SeedReport>> SqlBackend::seed(qint64 count)
{
    return m_store->run<SeedReport>([actor = m_actor, count](SqlStore& store) -> Result<SeedReport> {
        if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
            return user.error();
        if (store.isPostgres()) // the bulk path drops and rebuilds SQLite triggers and indexes
            return makeError(ErrorCode::InvalidInput,
                             tr("Seeding is available for SQLite store files only."));
        return StoreSeeder::seed(store, actor, count);
    });
}

QString SqlBackend::displayName() const
{
    return m_store->displayName();
}

QFuture<Result<SessionInfo>> SqlBackend::session()
{
    return m_store->run<SessionInfo>([actor = m_actor](SqlStore& store) -> Result<SessionInfo> {
        auto user = StorePolicy::require(store, actor, Need::Member);
        if (!user.ok())
            return user.error();
        auto used = TokenSql::countTowardsLimit(store, actor);
        if (!used.ok())
            return used.error();
        auto limit = TokenSql::intSetting(store, "token_limit");
        if (!limit.ok())
            return limit.error();
        return SessionInfo{user.value(), used.value(), limit.value()};
    });
}

QFuture<Result<QList<Token>>> SqlBackend::list(const TokenQuery& query)
{
    return m_store->run<QList<Token>>([actor = m_actor, query](SqlStore& store) -> Result<QList<Token>> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        // Sorting or filtering by last use must see the uses verify recorded but has not written yet.
        if (query.sort == SortKey::LastUsed || query.unusedForDays) {
            if (auto flushed = store.flushUses(); !flushed.ok())
                return flushed.error();
        }
        return TokenSql::list(store, query);
    });
}

QFuture<Result<qint64>> SqlBackend::count(const TokenQuery& query)
{
    return m_store->run<qint64>([actor = m_actor, query](SqlStore& store) -> Result<qint64> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        if (query.unusedForDays) {
            if (auto flushed = store.flushUses(); !flushed.ok())
                return flushed.error();
        }
        return TokenSql::count(store, query);
    });
}

QFuture<Result<Token>> SqlBackend::get(TokenId id)
{
    return m_store->run<Token>([actor = m_actor, id](SqlStore& store) -> Result<Token> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        auto row = TokenSql::load(store, id);
        if (!row.ok())
            return row.error();
        return row->token;
    });
}

QFuture<Result<GeneratedToken>> SqlBackend::generate(const TokenSpec& spec)
{
    return generate(spec, nullptr);
}

QFuture<Result<GeneratedToken>> SqlBackend::generate(const TokenSpec& spec,
                                                     std::shared_ptr<TokenWriteHook> hook)
{
    return m_store->run<GeneratedToken>(
        [actor = m_actor, auditActor = m_auditActor, spec, hook](SqlStore& store) -> Result<GeneratedToken> {
            auto label = Validation::label(spec.label);
            if (!label.ok())
                return label.error();
            auto details = validDetails({spec.description, spec.tags});
            if (!details.ok())
                return details.error();
            if (spec.expiresAt.isValid() && !spec.expiryFromPolicy) {
                if (auto expiry = Validation::expiry(spec.expiresAt, store.now()); !expiry.ok())
                    return expiry.error();
            }
            return writeTransaction<GeneratedToken>(store, [&]() -> Result<GeneratedToken> {
                if (auto before = hook ? hook->before(store) : Unit{}; !before.ok())
                    return before.error();
                if (auto user = StorePolicy::require(store, actor, Need::TokenManager); !user.ok())
                    return user.error();
                if (auto slots = StorePolicy::checkTokenLimit(store, actor); !slots.ok())
                    return slots.error();
                auto policy = LifetimePolicySql::load(store);
                if (!policy.ok())
                    return policy.error();
                const QDateTime now = store.now();
                const QDateTime expiresAt =
                    spec.expiryFromPolicy ? policy->defaultExpiry(spec.role, now) : spec.expiresAt.toUTC();
                if (auto allowed = policy->check(spec.role, expiresAt, now); !allowed.ok())
                    return allowed.error();
                auto created = TokenSql::insert(
                    store, {label.value(), spec.role, actor, expiresAt, details->description, details->tags});
                if (!created.ok())
                    return created;
                const Token& token = created->token;
                auto entry = AuditLog(store).append(
                    {auditActor, QStringLiteral("token.generate"), token.id, token.label, token.masked,
                     QStringLiteral("role %1; expires %2")
                         .arg(roleName(token.role), isoOrNever(token.expiresAt))});
                if (!entry.ok())
                    return entry.error();
                if (auto queued =
                        NoticeOutbox::queueForAdmins(store, QStringLiteral("token.generate"), token, actor);
                    !queued.ok())
                    return queued.error();
                if (auto after = hook ? hook->after(store, created.value()) : Unit{}; !after.ok())
                    return after.error();
                qCInfo(lcBackend) << "generated token" << token.id << token.masked << "for" << actor;
                return created;
            });
        });
}

QFuture<Result<Unit>> SqlBackend::recordSecurityEvent(const QString& action, const QString& subject,
                                                      const QString& detail)
{
    return m_store->run<Unit>([actor = m_auditActor, action, subject, detail](SqlStore& store) {
        return writeTransaction<Unit>(store, [&]() -> Result<Unit> {
            if (auto entry = AuditLog(store).append({actor, action, 0, subject, QStringLiteral(""), detail});
                !entry.ok())
                return entry.error();
            Token about;
            about.label = subject;
            about.masked = QStringLiteral(""); // no token: empty, not NULL
            return NoticeOutbox::queueForAdmins(store, action, about, actor);
        });
    });
}

QFuture<Result<Token>> SqlBackend::rename(TokenId id, qint64 expectedVersion, const QString& newLabel)
{
    return m_store->run<Token>([actor = m_actor, auditActor = m_auditActor, id, expectedVersion,
                                newLabel](SqlStore& store) -> Result<Token> {
        auto label = Validation::label(newLabel);
        if (!label.ok())
            return label.error();
        return writeTransaction<Token>(store, [&]() -> Result<Token> {
            auto row = loadForChange(store, actor, id, expectedVersion);
            if (!row.ok())
                return row.error();
            const QString oldLabel = row->token.label;
            if (oldLabel == label.value())
                return row->token;
            return recordChange(store, TokenSql::setLabel(store, id, label.value()), id,
                                {auditActor, QStringLiteral("token.rename"), id, label.value(),
                                 row->token.masked, QStringLiteral("renamed from '%1'").arg(oldLabel)});
        });
    });
}

QFuture<Result<Token>> SqlBackend::setEnabled(TokenId id, qint64 expectedVersion, bool enabled)
{
    return m_store->run<Token>([actor = m_actor, auditActor = m_auditActor, id, expectedVersion,
                                enabled](SqlStore& store) -> Result<Token> {
        return writeTransaction<Token>(store, [&]() -> Result<Token> {
            auto row = loadForChange(store, actor, id, expectedVersion);
            if (!row.ok())
                return row.error();
            return SqlTokenChanges::setEnabled(store, auditActor, row.value(), enabled);
        });
    });
}

QFuture<Result<Token>> SqlBackend::setDetails(TokenId id, qint64 expectedVersion, const TokenDetails& wanted)
{
    return m_store->run<Token>([actor = m_actor, auditActor = m_auditActor, id, expectedVersion,
                                wanted](SqlStore& store) -> Result<Token> {
        auto details = validDetails(wanted);
        if (!details.ok())
            return details.error();
        return writeTransaction<Token>(store, [&]() -> Result<Token> {
            auto row = loadForChange(store, actor, id, expectedVersion);
            if (!row.ok())
                return row.error();
            return SqlTokenChanges::setDetails(store, auditActor, row.value(), details.value());
        });
    });
}

QFuture<Result<Token>> SqlBackend::setExpiry(TokenId id, qint64 expectedVersion, const QDateTime& wanted)
{
    return m_store->run<Token>([actor = m_actor, auditActor = m_auditActor, id, expectedVersion,
                                wanted](SqlStore& store) -> Result<Token> {
        auto valid = Validation::expiry(wanted, store.now());
        if (!valid.ok())
            return valid.error();
        const QDateTime expiresAt = valid->isValid() ? valid->toUTC() : QDateTime();
        return writeTransaction<Token>(store, [&]() -> Result<Token> {
            auto row = loadForChange(store, actor, id, expectedVersion);
            if (!row.ok())
                return row.error();
            auto policy = LifetimePolicySql::load(store);
            if (!policy.ok())
                return policy.error();
            return SqlTokenChanges::setExpiry(store, auditActor, row.value(), expiresAt, policy.value());
        });
    });
}

QFuture<Result<GeneratedToken>> SqlBackend::rotate(TokenId id, qint64 expectedVersion,
                                                   std::chrono::seconds grace)
{
    return rotate(id, expectedVersion, grace, nullptr);
}

QFuture<Result<GeneratedToken>> SqlBackend::rotate(TokenId id, qint64 expectedVersion,
                                                   std::chrono::seconds grace,
                                                   std::shared_ptr<TokenWriteHook> hook)
{
    return m_store->run<GeneratedToken>([actor = m_actor, auditActor = m_auditActor, id, expectedVersion,
                                         grace, hook](SqlStore& store) -> Result<GeneratedToken> {
        if (grace < std::chrono::seconds(0) || grace > kMaxGrace)
            return makeError(ErrorCode::InvalidInput,
                             tr("The grace period must be between 0 seconds and 30 days."));
        return writeTransaction<GeneratedToken>(store, [&]() -> Result<GeneratedToken> {
            if (auto before = hook ? hook->before(store) : Unit{}; !before.ok())
                return before.error();
            auto row = loadForChange(store, actor, id, expectedVersion);
            if (!row.ok())
                return row.error();
            const Token old = row->token;
            if (row->supersededBy != 0) {
                return makeError(ErrorCode::InvalidInput,
                                 tr("Token '%1' was already rotated into #%2; rotate that one instead.")
                                     .arg(old.label)
                                     .arg(row->supersededBy));
            }
            const QDateTime now = store.now();
            // The new secret keeps the old one's lifetime length, counted from now, but no longer
            // than the policy now allows: a rotation is how a leaked secret is replaced, so it is
            // never refused for a lifetime chosen under an older policy; it is cut instead.
            QDateTime expiresAt;
            if (old.expiresAt.isValid())
                expiresAt = now.addMSecs(std::max<qint64>(old.createdAt.msecsTo(old.expiresAt), 60'000));
            auto policy = LifetimePolicySql::load(store);
            if (!policy.ok())
                return policy.error();
            QString cut;
            if (policy->breaks(old.role, expiresAt, now)) {
                expiresAt = *policy->latestExpiry(old.role, now);
                cut = QStringLiteral("; lifetime cut to the policy's maximum of %1")
                          .arg(LifetimeText::compact(policy->forRole(old.role).maximum));
            }
            // The slot stays with the token's creator: rotation replaces, it does not add.
            auto created = TokenSql::insert(
                store, {old.label, old.role, old.createdBy, expiresAt, old.description, old.tags, id});
            if (!created.ok())
                return created;
            const Token& fresh = created->token;
            AuditLog audit(store);
            if (grace.count() == 0) {
                if (auto removed =
                        TokenSql::remove(store, {id}, {auditActor, QStringLiteral("rotated"), now});
                    !removed.ok())
                    return removed.error();
                auto entry = audit.append({auditActor, QStringLiteral("token.revoke"), id, old.label,
                                           old.masked, QStringLiteral("rotated into #%1").arg(fresh.id)});
                if (!entry.ok())
                    return entry.error();
            } else {
                QDateTime graceEnd = now.addSecs(grace.count());
                if (old.expiresAt.isValid() && old.expiresAt < graceEnd)
                    graceEnd = old.expiresAt;
                if (auto kept = TokenSql::supersede(store, id, fresh.id, graceEnd); !kept.ok())
                    return kept.error();
                auto entry =
                    audit.append({auditActor, QStringLiteral("token.supersede"), id, old.label, old.masked,
                                  QStringLiteral("rotated into #%1; old secret valid until %2")
                                      .arg(fresh.id)
                                      .arg(isoOrNever(graceEnd))});
                if (!entry.ok())
                    return entry.error();
            }
            auto entry =
                audit.append({auditActor, QStringLiteral("token.rotate"), fresh.id, fresh.label, fresh.masked,
                              QStringLiteral("replaces #%1 (%2)%3").arg(id).arg(old.masked, cut)});
            if (!entry.ok())
                return entry.error();
            if (auto queued =
                    NoticeOutbox::queueForAdmins(store, QStringLiteral("token.rotate"), fresh, actor);
                !queued.ok())
                return queued.error();
            if (auto after = hook ? hook->after(store, created.value()) : Unit{}; !after.ok())
                return after.error();
            qCInfo(lcBackend) << "rotated token" << id << "into" << fresh.id << fresh.masked;
            return created;
        });
    });
}

QFuture<Result<Unit>> SqlBackend::revoke(TokenId id, qint64 expectedVersion)
{
    return m_store->run<Unit>(
        [actor = m_actor, auditActor = m_auditActor, id, expectedVersion](SqlStore& store) -> Result<Unit> {
            return writeTransaction<Unit>(store, [&]() -> Result<Unit> {
                auto row = loadForChange(store, actor, id, expectedVersion);
                if (!row.ok())
                    return row.error();
                return SqlTokenChanges::revoke(store, auditActor, row.value());
            });
        });
}

Result<VerifiedToken> SqlBackend::verifyNow(const Secret& token)
{
    return verifyPresentedKey(*m_store, token);
}

QFuture<Result<VerifiedToken>> SqlBackend::verify(const Secret& token)
{
    // Same lookup, but on the worker: callers such as the console must never wait on the disk.
    return m_store->run<VerifiedToken>(
        [token](SqlStore& store) -> Result<VerifiedToken> { return verifyPresentedKey(store, token); });
}

QFuture<Result<QList<EndedToken>>> SqlBackend::inactive(const InactiveQuery& query)
{
    return m_store->run<QList<EndedToken>>(
        [actor = m_actor, query](SqlStore& store) -> Result<QList<EndedToken>> {
            // Readable by every member of the store, as the token listing is.
            if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
                return user.error();
            return EndedTokenSql::list(store, query);
        });
}

QFuture<Result<QList<AuditEntry>>> SqlBackend::audit(const AuditQuery& query)
{
    return m_store->run<QList<AuditEntry>>(
        [actor = m_actor, query](SqlStore& store) -> Result<QList<AuditEntry>> {
            if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
                return user.error();
            return AuditLog(store).entries(query);
        });
}

QFuture<Result<ChainReport>> SqlBackend::verifyAuditChain()
{
    return m_store->run<ChainReport>([actor = m_actor](SqlStore& store) -> Result<ChainReport> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return AuditLog(store).verifyChain();
    });
}

} // namespace tokendesk
