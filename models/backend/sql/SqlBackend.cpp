// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/SqlBackend.h"

#include "models/backend/sql/AuditLog.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/backend/sql/StorePolicy.h"
#include "models/backend/sql/TokenSql.h"
#include "models/backend/sql/TokenVerifier.h"
#include "models/backend/sql/TokenWriteHook.h"
#include "models/backend/sql/UserSql.h"
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

constexpr std::chrono::seconds kMaxGrace = std::chrono::hours(24 * 30);

QString isoOrNever(const QDateTime& time)
{
    return time.isValid() ? time.toUTC().toString(Qt::ISODate) : QStringLiteral("never");
}

// A superseded token whose grace period has ended is revoked for good: delete the row and say
// so in the audit log. Runs at the start of every write, inside its transaction.
Result<Unit> purgeEndedGracePeriods(SqlStore& store)
{
    auto ended = TokenSql::endedGracePeriods(store);
    if (!ended.ok())
        return ended.error();
    AuditLog audit(store);
    for (const TokenSql::EndedGrace& row : ended.value()) {
        if (auto removed = TokenSql::remove(store, row.id); !removed.ok())
            return removed.error();
        auto entry = audit.append(
            {QStringLiteral("system"), QStringLiteral("token.revoke"), row.id, row.label, row.masked,
             QStringLiteral("grace period after rotation into #%1 ended").arg(row.successor)});
        if (!entry.ok())
            return entry.error();
    }
    return Unit{};
}

// Runs `body` as one write transaction: pending last-used times are written first, ended grace
// periods purged, and nothing of `body` survives unless it succeeds.
template <typename T, typename Body> Result<T> writeTransactionOnce(SqlStore& store, Body& body)
{
    if (auto writable = store.checkWritable(); !writable.ok())
        return writable.error();
    if (auto flushed = store.flushUses(); !flushed.ok())
        return flushed.error();
    SqlUtil::Transaction transaction(store.database(), store.dialect().beginWrite());
    if (auto begun = transaction.begin(); !begun.ok())
        return begun.error();
    if (auto purged = purgeEndedGracePeriods(store); !purged.ok())
        return purged.error();
    Result<T> result = body();
    if (!result.ok())
        return result;
    if (auto committed = transaction.commit(); !committed.ok())
        return committed.error();
    return result;
}

// On PostgreSQL, SERIALIZABLE transactions that lost a race to another admin or server fail
// with a serialization error and nothing applied; they are run again from the start (reading
// afresh), a few times with a growing pause, before the conflict is reported.
template <typename T, typename Body> Result<T> writeTransaction(SqlStore& store, Body body)
{
    constexpr int kAttempts = 8;
    for (int attempt = 1;; ++attempt) {
        SqlUtil::takeSerializationFailure();
        Result<T> result = writeTransactionOnce<T>(store, body);
        if (result.ok() || !SqlUtil::takeSerializationFailure() || attempt == kAttempts)
            return result;
        QThread::usleep(static_cast<unsigned long>(QRandomGenerator::global()->bounded(1000, 5000)) *
                        static_cast<unsigned long>(attempt));
    }
}

// The token as the acting token manager last saw it: PERMISSION_DENIED, NOT_FOUND or CONFLICT
// otherwise. Every change to a token starts here.
Result<TokenSql::Row> loadForChange(SqlStore& store, const QString& actor, TokenId id, qint64 expectedVersion)
{
    if (auto user = StorePolicy::require(store, actor, Need::TokenManager); !user.ok())
        return user.error();
    auto row = TokenSql::load(store, id);
    if (!row.ok())
        return row;
    if (row->token.version != expectedVersion) {
        return makeError(
            ErrorCode::Conflict,
            SqlBackend::tr("Someone else changed token '%1' (you saw version %2, it is now at %3); "
                           "reload and try again.")
                .arg(row->token.label)
                .arg(expectedVersion)
                .arg(row->token.version));
    }
    return row;
}

// Records a change already applied to a token in the audit log and returns the token as it now is.
Result<Token> recordChange(SqlStore& store, const Result<Unit>& applied, TokenId id,
                           const AuditRecord& record)
{
    if (!applied.ok())
        return applied.error();
    if (auto entry = AuditLog(store).append(record); !entry.ok())
        return entry.error();
    auto reloaded = TokenSql::load(store, id);
    if (!reloaded.ok())
        return reloaded.error();
    return reloaded->token;
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
    return m_store->run<GeneratedToken>([actor = m_actor, auditActor = m_auditActor, spec,
                                         hook](SqlStore& store) -> Result<GeneratedToken> {
        auto label = Validation::label(spec.label);
        if (!label.ok())
            return label.error();
        if (spec.expiresAt.isValid()) {
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
            auto created = TokenSql::insert(store, {label.value(), spec.role, actor, spec.expiresAt.toUTC()});
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
            if (row->enabled == enabled)
                return row->token; // already in that state: nothing to record
            return recordChange(store, TokenSql::setEnabled(store, id, enabled), id,
                                {auditActor,
                                 enabled ? QStringLiteral("token.enable") : QStringLiteral("token.disable"),
                                 id, row->token.label, row->token.masked, QString()});
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
            // The new secret keeps the old one's lifetime length, counted from now.
            QDateTime expiresAt;
            if (old.expiresAt.isValid())
                expiresAt = now.addMSecs(std::max<qint64>(old.createdAt.msecsTo(old.expiresAt), 60'000));
            // The slot stays with the token's creator: rotation replaces, it does not add.
            auto created = TokenSql::insert(store, {old.label, old.role, old.createdBy, expiresAt, id});
            if (!created.ok())
                return created;
            const Token& fresh = created->token;
            AuditLog audit(store);
            if (grace.count() == 0) {
                if (auto removed = TokenSql::remove(store, id); !removed.ok())
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
                              QStringLiteral("replaces #%1 (%2)").arg(id).arg(old.masked)});
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
                if (auto removed = TokenSql::remove(store, id); !removed.ok())
                    return removed.error();
                auto entry =
                    AuditLog(store).append({auditActor, QStringLiteral("token.revoke"), id, row->token.label,
                                            row->token.masked, QStringLiteral("revoked")});
                if (!entry.ok())
                    return entry.error();
                qCInfo(lcBackend) << "revoked token" << id << row->token.masked;
                return Unit{};
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

QFuture<Result<QList<User>>> SqlBackend::users()
{
    return m_store->run<QList<User>>([actor = m_actor](SqlStore& store) -> Result<QList<User>> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return UserSql::list(store);
    });
}

QFuture<Result<User>> SqlBackend::addUser(const User& newUser)
{
    return m_store->run<User>(
        [actor = m_actor, auditActor = m_auditActor, newUser](SqlStore& store) -> Result<User> {
            auto name = Validation::userName(newUser.name);
            if (!name.ok())
                return name.error();
            return writeTransaction<User>(store, [&]() -> Result<User> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                if (auto existing = StorePolicy::findUser(store, name.value()); existing.ok())
                    return makeError(ErrorCode::AlreadyExists,
                                     tr("There is already a user '%1'.").arg(name.value()));
                const User added{name.value(), newUser.admin, newUser.apiAccess};
                if (auto inserted = UserSql::add(store, added); !inserted.ok())
                    return inserted.error();
                auto entry = AuditLog(store).append(
                    {auditActor,
                     QStringLiteral("user.add"),
                     0,
                     {},
                     {},
                     QStringLiteral("%1 (admin: %2, API access: %3)")
                         .arg(added.name, added.admin ? QStringLiteral("yes") : QStringLiteral("no"),
                              added.apiAccess ? QStringLiteral("yes") : QStringLiteral("no"))});
                if (!entry.ok())
                    return entry.error();
                return added;
            });
        });
}

QFuture<Result<Unit>> SqlBackend::removeUser(const QString& name)
{
    return m_store->run<Unit>(
        [actor = m_actor, auditActor = m_auditActor, name](SqlStore& store) -> Result<Unit> {
            return writeTransaction<Unit>(store, [&]() -> Result<Unit> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                auto target = StorePolicy::findUser(store, name);
                if (!target.ok())
                    return target.error();
                auto owned = TokenSql::countTowardsLimit(store, name);
                if (!owned.ok())
                    return owned.error();
                // Tokens are the organisation's: the user's row goes, their tokens stay untouched.
                if (auto removed = UserSql::remove(store, target.value()); !removed.ok())
                    return removed.error();
                auto entry = AuditLog(store).append(
                    {auditActor,
                     QStringLiteral("user.remove"),
                     0,
                     {},
                     {},
                     QStringLiteral("%1; %2 token(s) they created stay with the organisation")
                         .arg(name)
                         .arg(owned.value())});
                if (!entry.ok())
                    return entry.error();
                return Unit{};
            });
        });
}

QFuture<Result<QList<Notice>>> SqlBackend::notices()
{
    return m_store->run<QList<Notice>>([actor = m_actor](SqlStore& store) -> Result<QList<Notice>> {
        auto user = StorePolicy::require(store, actor, Need::Member);
        if (!user.ok())
            return user.error();
        return NoticeOutbox::visibleTo(store, user.value());
    });
}

QFuture<Result<int>> SqlBackend::tokenLimit()
{
    return m_store->run<int>([actor = m_actor](SqlStore& store) -> Result<int> {
        if (auto user = StorePolicy::require(store, actor, Need::Member); !user.ok())
            return user.error();
        return TokenSql::intSetting(store, "token_limit");
    });
}

QFuture<Result<int>> SqlBackend::setTokenLimit(int limit)
{
    return m_store->run<int>(
        [actor = m_actor, auditActor = m_auditActor, limit](SqlStore& store) -> Result<int> {
            if (limit < 1 || limit > 1000)
                return makeError(ErrorCode::InvalidInput, tr("The token limit must be between 1 and 1000."));
            return writeTransaction<int>(store, [&]() -> Result<int> {
                if (auto user = StorePolicy::require(store, actor, Need::Admin); !user.ok())
                    return user.error();
                if (auto updated = TokenSql::setIntSetting(store, "token_limit", limit); !updated.ok())
                    return updated.error();
                auto entry =
                    AuditLog(store).append({auditActor,
                                            QStringLiteral("settings.token_limit"),
                                            0,
                                            {},
                                            {},
                                            QStringLiteral("per-user token limit set to %1").arg(limit)});
                if (!entry.ok())
                    return entry.error();
                return limit;
            });
        });
}

} // namespace tokendesk
