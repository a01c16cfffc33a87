// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/backend/sql/TokenSql.h"

#include "models/backend/sql/LifetimePolicySql.h"
#include "models/backend/sql/SqlDialect.h"
#include "models/backend/sql/SqlStore.h"
#include "models/backend/sql/SqlUtil.h"
#include "models/core/TokenFilter.h"
#include "models/core/TokenFormat.h"
#include "models/core/Validation.h"

#include <QCoreApplication>

#include <algorithm>
#include <atomic>

namespace tokendesk::TokenSql {

namespace {

// Offsets up to this are cheaper to skip than to count the matches first.
std::atomic<qint64> deepOffset{2000};

// A tag as one text again: "env=prod", or "ci" for a tag without a value.
const QString& tagText()
{
    static const QString text = QStringLiteral("name || CASE WHEN value = '' THEN '' ELSE '=' || value END");
    return text;
}

QString columns(const SqlDialect& dialect)
{
    // The tags of a page's rows come from their index (token_tags_token): one short lookup per
    // row read, none for rows only skipped.
    return QStringLiteral(
               "SELECT id, label, last4, role, enabled, created_by, created_at, expires_at, last_used_at, "
               "version, superseded_by, description, (SELECT %1 FROM token_tags WHERE token_id = tokens.id) "
               "FROM tokens ")
        .arg(dialect.joinedWithCommas(tagText()));
}

// A superseded token whose grace period is over is revoked: it no longer exists for anyone,
// even before the next write purges its row. Written against the few hidden rows (found through
// their partial index) rather than as a test on each row's own columns, so a scan in sort order
// needs nothing but the sort index: no table row is read for rows that are only skipped.
const QString& visible()
{
    static const QString text =
        QStringLiteral("id NOT IN (SELECT id FROM tokens WHERE superseded_by IS NOT NULL"
                       " AND (expires_at IS NULL OR expires_at <= :now))");
    return text;
}

const QString& statusExpression()
{
    static const QString text = QStringLiteral("(CASE WHEN expires_at IS NOT NULL AND expires_at <= :now "
                                               "THEN 2 WHEN enabled = 0 THEN 1 ELSE 0 END)");
    return text;
}

Row readRow(const SqlStore& store, const QSqlQuery& query, const QDateTime& now)
{
    Row row;
    Token& token = row.token;
    token.id = query.value(0).toLongLong();
    token.label = query.value(1).toString();
    token.masked = TokenFormat::maskedFromLast4(query.value(2).toString());
    token.role = roleFromName(query.value(3).toString()).value_or(Role::Developer);
    const bool enabled = query.value(4).toBool();
    token.createdBy = query.value(5).toString();
    token.createdAt = SqlUtil::toDateTime(query.value(6));
    token.expiresAt = SqlUtil::toDateTime(query.value(7));
    token.lastUsedAt = SqlUtil::toDateTime(query.value(8));
    // Uses recorded by verify but not yet written are part of the truth an admin should see.
    if (const QDateTime pending = store.pendingUse(token.id); pending.isValid() && pending > token.lastUsedAt)
        token.lastUsedAt = pending;
    token.version = query.value(9).toLongLong();
    row.supersededBy = query.value(10).toLongLong();
    token.description = query.value(11).toString();
    token.tags = query.value(12).toString().split(u',', Qt::SkipEmptyParts);
    token.tags.sort();
    row.enabled = enabled;
    if (token.expiresAt.isValid() && token.expiresAt <= now)
        token.status = TokenStatus::Expired;
    else
        token.status = enabled ? TokenStatus::Active : TokenStatus::Disabled;
    return row;
}

// The filter as an FTS5 string literal: one phrase, matched as a substring by the trigram index.
QString ftsLiteral(const QString& text)
{
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

// Labels, user names and descriptions are counted in code points, and matching keeps the length
// (LIKE folds ASCII case only; the full-text index only narrows the candidates).
bool longerThanAnyText(const QString& filter)
{
    constexpr qsizetype kLongest = std::max(
        {Validation::kMaxLabelLength, Validation::kMaxUserNameLength, Validation::kMaxDescriptionLength});
    return filter.size() > 2 * kLongest || filter.toUcs4().size() > kLongest;
}

bool useFullText(const QString& filter)
{
    return filter.toUcs4().size() >= 3;
}

QString orderBy(SortKey key, const SqlDialect& dialect)
{
    switch (key) {
    case SortKey::Label:
        return dialect.caseInsensitive(QStringLiteral("label"));
    case SortKey::Created:
        return QStringLiteral("created_at");
    case SortKey::LastUsed:
        return dialect.nullsFirstAscending(QStringLiteral("last_used_at"));
    case SortKey::Role:
        return QStringLiteral("role");
    case SortKey::Status:
        return statusExpression();
    case SortKey::CreatedBy:
        return dialect.caseInsensitive(QStringLiteral("created_by"));
    case SortKey::Expires:
        // "Never" sorts after every date.
        return QStringLiteral("expires_at IS NULL, expires_at");
    }
    return QStringLiteral("created_at");
}

// The keyset condition "after the anchor row" in the query's order, or an empty string when
// the anchor does not fit this query (another sort key, or status order). Mirrors orderBy():
// ties are broken by id, and NULLs sort first ascending for last use (SQLite's rule) but last
// ascending for expiry ("never" after every date).
QString afterClause(const TokenQuery& query, QVariantMap& bindings, const SqlDialect& dialect)
{
    if (!query.after || query.after->sort != query.sort || query.sort == SortKey::Status)
        return {};
    const PageAnchor& anchor = *query.after;
    const QString cmp = query.descending ? QStringLiteral("<") : QStringLiteral(">");
    bindings.insert(QStringLiteral("afterId"), anchor.id);
    auto nonNull = [&](const QString& column, const QVariant& value,
                       const QString& bound = QStringLiteral(":after")) {
        bindings.insert(QStringLiteral("after"), value);
        return QStringLiteral("(%1, id) %2 (%3, :afterId)").arg(column, cmp, bound);
    };
    // SQLite: the column's NOCASE collation governs the comparison; PostgreSQL compares lower()
    // of both sides.
    auto folded = [&](const QString& column) {
        return nonNull(dialect.caseInsensitive(column), anchor.value.toString(),
                       dialect.hasFullTextTable() ? QStringLiteral(":after")
                                                  : dialect.caseInsensitive(QStringLiteral(":after")));
    };
    auto nullable = [&](const QString& column, const QDateTime& value, bool nullsFirst) {
        if (!value.isValid()) {
            const QString nulls = QStringLiteral("(%1 IS NULL AND id %2 :afterId)").arg(column, cmp);
            return nullsFirst ? QStringLiteral("(%1 OR %2 IS NOT NULL)").arg(nulls, column) : nulls;
        }
        bindings.insert(QStringLiteral("after"), value.toMSecsSinceEpoch());
        const QString values = QStringLiteral("(%1, id) %2 (:after, :afterId)").arg(column, cmp);
        return nullsFirst ? values : QStringLiteral("(%1 OR %2 IS NULL)").arg(values, column);
    };
    switch (query.sort) {
    case SortKey::Label:
        return folded(QStringLiteral("label"));
    case SortKey::Created:
        return nonNull(QStringLiteral("created_at"), anchor.value.toDateTime().toMSecsSinceEpoch());
    case SortKey::Role:
        return nonNull(QStringLiteral("role"), anchor.value.toString());
    case SortKey::CreatedBy:
        return folded(QStringLiteral("created_by"));
    case SortKey::LastUsed:
        return nullable(QStringLiteral("last_used_at"), anchor.value.toDateTime(), !query.descending);
    case SortKey::Expires:
        return nullable(QStringLiteral("expires_at"), anchor.value.toDateTime(), query.descending);
    case SortKey::Status:
        break;
    }
    return {};
}

QString whereClause(const TokenQuery& query, QVariantMap& bindings, const QDateTime& now,
                    const SqlDialect& dialect, const LifetimePolicy& policy)
{
    QStringList conditions{visible()};
    bindings.insert(QStringLiteral("now"), now.toMSecsSinceEpoch());
    const TokenFilter parsed = TokenFilter::parse(query.filter);
    for (qsizetype i = 0; i < parsed.tags.size(); ++i) {
        const Validation::TagParts tag = Validation::splitTag(parsed.tags.at(i));
        const QString name = QStringLiteral("tag%1").arg(i);
        bindings.insert(name, tag.name);
        if (tag.value.isEmpty()) {
            conditions.append(
                QStringLiteral("id IN (SELECT token_id FROM token_tags WHERE name = :%1)").arg(name));
        } else {
            bindings.insert(name + u'v', tag.value);
            conditions.append(
                QStringLiteral("id IN (SELECT token_id FROM token_tags WHERE name = :%1 AND value = :%1v)")
                    .arg(name));
        }
    }
    if (const QString filter = parsed.text;
        parsed.impossible || filter.contains(QChar(0)) || longerThanAnyText(filter)) {
        // A "tag:" word that is no tag matches nothing. No label, user name or description
        // holds a NUL (all refuse control characters), so nothing matches; and bound as text it
        // would end the FTS5 phrase (a syntax error), cut the LIKE pattern short in SQLite
        // (matching too much) and be refused by PostgreSQL. Nor is anything longer than the
        // longest of them a part of one; such a filter (100 KB, say) would only make the
        // full-text search parse it at length.
        conditions.append(QStringLiteral("0 = 1"));
    } else if (!filter.isEmpty()) {
        if (dialect.hasFullTextTable() && useFullText(filter)) {
            // The index narrows the candidates; the LIKE below keeps the exact semantics (the trigram
            // index folds all of Unicode's case, LIKE only ASCII's) on those few rows.
            conditions.append(
                QStringLiteral("id IN (SELECT rowid FROM tokens_fts WHERE tokens_fts MATCH :fts)"));
            bindings.insert(QStringLiteral("fts"), ftsLiteral(filter));
        }
        conditions.append(
            QStringLiteral("(label %1 :pattern ESCAPE '\\' OR created_by %1 :pattern ESCAPE '\\'"
                           " OR description %1 :pattern ESCAPE '\\')")
                .arg(dialect.likeOperator()));
        bindings.insert(QStringLiteral("pattern"), SqlUtil::substringPattern(filter));
    }
    if (query.role) {
        conditions.append(QStringLiteral("role = :role"));
        bindings.insert(QStringLiteral("role"), roleName(*query.role));
    }
    if (query.status) {
        conditions.append(statusExpression() + QStringLiteral(" = :status"));
        bindings.insert(QStringLiteral("status"), static_cast<int>(*query.status));
    }
    if (query.unusedForDays) {
        // Never used counts as unused (NULL sorts first in the last_used_at index).
        conditions.append(QStringLiteral("(last_used_at IS NULL OR last_used_at <= :usedBefore)"));
        bindings.insert(QStringLiteral("usedBefore"), now.addDays(-*query.unusedForDays).toMSecsSinceEpoch());
    }
    if (query.expiresWithinDays) {
        conditions.append(QStringLiteral("expires_at > :now AND expires_at <= :expiresBefore"));
        bindings.insert(QStringLiteral("expiresBefore"),
                        now.addDays(*query.expiresWithinDays).toMSecsSinceEpoch());
    }
    if (query.breaksPolicy)
        conditions.append(LifetimePolicySql::breachCondition(policy, now, bindings));
    return QStringLiteral("WHERE ") + conditions.join(QStringLiteral(" AND ")) + QLatin1Char(' ');
}

// The policy a "breaks the policy" filter compares with; only read when the query asks.
Result<LifetimePolicy> policyFor(SqlStore& store, const TokenQuery& query)
{
    if (!query.breaksPolicy)
        return LifetimePolicy::unrestricted();
    return LifetimePolicySql::load(store);
}

// SELECT `what` FROM the tokens `query` matches (its offset, limit and order aside), then `tail`.
Result<QSqlQuery> selectMatching(SqlStore& store, const TokenQuery& query, const QString& what,
                                 const QString& tail = {})
{
    auto policy = policyFor(store, query);
    if (!policy.ok())
        return policy.error();
    QVariantMap bindings;
    const QString sql = QStringLiteral("SELECT %1 FROM tokens ").arg(what) +
                        whereClause(query, bindings, store.now(), store.dialect(), policy.value()) + tail;
    return SqlUtil::exec(store.database(), sql, bindings);
}

} // namespace

Result<Row> load(SqlStore& store, TokenId id)
{
    const QDateTime now = store.now();
    auto query = SqlUtil::exec(store.database(),
                               columns(store.dialect()) + QStringLiteral("WHERE id = :id AND ") + visible(),
                               {{"id", id}, {"now", now.toMSecsSinceEpoch()}});
    if (!query.ok())
        return query.error();
    if (!query.value().next())
        return makeError(
            ErrorCode::NotFound,
            QCoreApplication::translate("TokenSql", "There is no token #%1; it may have been revoked.")
                .arg(id));
    return readRow(store, query.value(), now);
}

Result<Unit> validate(const TokenQuery& query)
{
    for (const std::optional<int>& days : {query.unusedForDays, query.expiresWithinDays}) {
        if (days && (*days < 1 || *days > TokenQuery::kMaxFilterDays))
            return makeError(
                ErrorCode::InvalidInput,
                QCoreApplication::translate("TokenSql", "A number of days must be between 1 and %1.")
                    .arg(TokenQuery::kMaxFilterDays));
    }
    return Unit{};
}

Result<QList<Token>> list(SqlStore& store, const TokenQuery& query)
{
    if (query.limit < 1 || query.limit > TokenQuery::kMaxPageSize || query.offset < 0)
        return makeError(ErrorCode::InvalidInput,
                         QCoreApplication::translate(
                             "TokenSql", "A page holds 1 to 10000 tokens and starts at 0 or later."));
    if (auto valid = validate(query); !valid.ok())
        return valid.error();
    // Deep offsets: SQLite steps through every skipped row, so a page near the end is fetched in
    // the reverse order from the other end and flipped here. Counting costs one scan; only worth it
    // when the offset is large enough for the skipping to hurt.
    QVariantMap bindings;
    const QString after = afterClause(query, bindings, store.dialect());
    qint64 offset = after.isEmpty() ? query.offset : 0; // keyset: the anchor says where to start
    qint64 limit = query.limit;
    bool reversed = false;
    if (offset > deepOffset.load(std::memory_order_relaxed)) {
        auto total = count(store, query);
        if (!total.ok())
            return total.error();
        if (offset >= total.value())
            return QList<Token>{};
        if (offset > total.value() / 2) {
            reversed = true;
            limit = std::min<qint64>(limit, total.value() - offset);
            offset = total.value() - offset - limit;
        }
    }
    const QDateTime now = store.now();
    const bool descending = query.descending != reversed;
    const QString direction = descending ? QStringLiteral(" DESC") : QStringLiteral(" ASC");
    QString order;
    for (const QString& part : orderBy(query.sort, store.dialect()).split(QStringLiteral(", ")))
        order += part + direction + QStringLiteral(", ");
    order += QStringLiteral("id") + direction;
    // Deferred join: the page's ids come from a scan of the sort index alone (skipping `offset`
    // entries costs an index step each, not a table row read each: 500,000 rows deep in 50 ms
    // instead of 2.3 s on a million tokens), then only those rows are read.
    auto policy = policyFor(store, query);
    if (!policy.ok())
        return policy.error();
    QString where = whereClause(query, bindings, now, store.dialect(), policy.value());
    if (!after.isEmpty())
        where += QStringLiteral("AND ") + after + QLatin1Char(' ');
    const QString sql = columns(store.dialect()) + QStringLiteral("WHERE id IN (SELECT id FROM tokens ") +
                        where + QStringLiteral("ORDER BY ") + order +
                        QStringLiteral(" LIMIT :limit OFFSET :offset) ORDER BY ") + order;
    bindings.insert(QStringLiteral("limit"), limit);
    bindings.insert(QStringLiteral("offset"), offset);
    auto result = SqlUtil::exec(store.database(), sql, bindings);
    if (!result.ok())
        return result.error();
    QList<Token> tokens;
    while (result.value().next())
        tokens.append(readRow(store, result.value(), now).token);
    if (reversed)
        std::reverse(tokens.begin(), tokens.end());
    return tokens;
}

void setDeepOffsetForTesting(qint64 offset)
{
    deepOffset.store(offset, std::memory_order_relaxed);
}

Result<qint64> count(SqlStore& store, const TokenQuery& query)
{
    if (auto valid = validate(query); !valid.ok())
        return valid.error();
    if (query.filter.trimmed().isEmpty() && !query.role && !query.status && !query.unusedForDays &&
        !query.expiresWithinDays && !query.breaksPolicy) {
        // Unfiltered: the trigger-kept row count minus the hidden rows (the complement of
        // visible(), NULL included), which come from a partial index.
        auto result = SqlUtil::exec(
            store.database(),
            QStringLiteral(
                "SELECT (SELECT count FROM token_rows WHERE only_row = 1) - (SELECT COUNT(*) FROM tokens"
                " WHERE superseded_by IS NOT NULL AND (expires_at IS NULL OR expires_at <= :now))"),
            {{"now", store.now().toMSecsSinceEpoch()}});
        if (!result.ok())
            return result.error();
        result.value().next();
        return result.value().value(0).toLongLong();
    }
    auto result = selectMatching(store, query, QStringLiteral("COUNT(*)"));
    if (!result.ok())
        return result.error();
    result.value().next();
    return result.value().value(0).toLongLong();
}

Result<QList<TokenId>> ids(SqlStore& store, const TokenQuery& query)
{
    if (auto valid = validate(query); !valid.ok())
        return valid.error();
    auto result = selectMatching(store, query, QStringLiteral("id"), QStringLiteral(" ORDER BY id"));
    if (!result.ok())
        return result.error();
    QList<TokenId> ids;
    while (result.value().next())
        ids.append(result.value().value(0).toLongLong());
    return ids;
}

Result<int> countTowardsLimit(SqlStore& store, const QString& user)
{
    auto result = SqlUtil::exec(
        store.database(),
        QStringLiteral("SELECT COUNT(*) FROM tokens"
                       " WHERE creator_uid = (SELECT uid FROM users WHERE name = :user)"
                       " AND superseded_by IS NULL AND (expires_at IS NULL OR expires_at > :now)"),
        {{"user", user}, {"now", store.now().toMSecsSinceEpoch()}});
    if (!result.ok())
        return result.error();
    result.value().next();
    return result.value().value(0).toInt();
}

namespace {
Result<Unit> insertTags(SqlStore& store, TokenId id, const QStringList& tags)
{
    for (const QString& text : tags) {
        const Validation::TagParts tag = Validation::splitTag(text);
        auto added = SqlUtil::exec(
            store.database(),
            QStringLiteral("INSERT INTO token_tags (token_id, name, value) VALUES (:id, :name, :value)"),
            {{"id", id}, {"name", tag.name}, {"value", tag.value}});
        if (!added.ok())
            return added.error();
    }
    return Unit{};
}
} // namespace

Result<GeneratedToken> insert(SqlStore& store, const NewRow& row)
{
    Secret secret = TokenFormat::generate(store.crypto());
    const QByteArrayView plain = secret.view();
    const QString last4 = QString::fromLatin1(plain.last(TokenFormat::kMaskedSuffixLength));
    // The creator's identity: the acting user's uid, or on rotation the old token's (a rotated
    // token of a removed creator must not become a later same-named user's).
    const QString creatorUid = row.predecessor != 0
                                   ? QStringLiteral("(SELECT creator_uid FROM tokens WHERE id = :creator)")
                                   : QStringLiteral("(SELECT uid FROM users WHERE name = :creator)");
    auto inserted = SqlUtil::exec(
        store.database(),
        QStringLiteral("INSERT INTO tokens (secret_hash, last4, label, role, created_by, "
                       "created_at, expires_at, description, creator_uid) VALUES (:hash, :last4, :label, "
                       ":role, :by, :at, :expires, :description, %1) RETURNING id")
            .arg(creatorUid),
        {{"creator", row.predecessor != 0 ? QVariant(row.predecessor) : QVariant(row.createdBy)},
         {"hash", store.secretHash(plain)},
         {"last4", last4},
         {"label", row.label},
         {"role", roleName(row.role)},
         {"by", row.createdBy},
         {"at", store.now().toMSecsSinceEpoch()},
         {"expires", SqlUtil::fromDateTime(row.expiresAt)},
         {"description", SqlUtil::notNull(row.description)}});
    if (!inserted.ok())
        return inserted.error();
    // RETURNING: PostgreSQL has no last-insert id to ask for afterwards (SQLite has it since 3.35).
    if (!inserted.value().next())
        return makeError(ErrorCode::Internal, // context of the room this string was first written in
                         QCoreApplication::translate("SqlBackend", "The new token's id was not returned."));
    const TokenId id = inserted.value().value(0).toLongLong();
    inserted.value().finish();
    if (auto tagged = insertTags(store, id, row.tags); !tagged.ok())
        return tagged.error();
    auto created = load(store, id);
    if (!created.ok())
        return created.error();
    return GeneratedToken{created->token, std::move(secret)};
}

namespace {
Result<Unit> execWrite(SqlStore& store, const QString& sql, std::initializer_list<SqlUtil::Binding> bindings)
{
    if (auto done = SqlUtil::exec(store.database(), sql, bindings); !done.ok())
        return done.error();
    return Unit{};
}
} // namespace

Result<Unit> setLabel(SqlStore& store, TokenId id, const QString& label)
{
    return execWrite(store,
                     QStringLiteral("UPDATE tokens SET label = :label, version = version + 1 WHERE id = :id"),
                     {{"label", label}, {"id", id}});
}

Result<Unit> setEnabled(SqlStore& store, TokenId id, bool enabled)
{
    return execWrite(
        store, QStringLiteral("UPDATE tokens SET enabled = :enabled, version = version + 1 WHERE id = :id"),
        {{"enabled", enabled ? 1 : 0}, {"id", id}});
}

Result<Unit> setDetails(SqlStore& store, TokenId id, const TokenDetails& details)
{
    if (auto updated = execWrite(store,
                                 QStringLiteral("UPDATE tokens SET description = :description,"
                                                " version = version + 1 WHERE id = :id"),
                                 {{"description", SqlUtil::notNull(details.description)}, {"id", id}});
        !updated.ok())
        return updated;
    if (auto cleared =
            execWrite(store, QStringLiteral("DELETE FROM token_tags WHERE token_id = :id"), {{"id", id}});
        !cleared.ok())
        return cleared;
    return insertTags(store, id, details.tags);
}

Result<Unit> setExpiry(SqlStore& store, TokenId id, const QDateTime& expiresAt)
{
    if (auto moved = execWrite(
            store,
            QStringLiteral("UPDATE tokens SET expires_at = :expires, version = version + 1 WHERE id = :id"),
            {{"expires", SqlUtil::fromDateTime(expiresAt)}, {"id", id}});
        !moved.ok())
        return moved;
    // A new expiry is warned about afresh, at every threshold it comes within.
    auto forgotten = SqlUtil::exec(
        store.database(), QStringLiteral("DELETE FROM expiry_warnings WHERE token_id = :id"), {{"id", id}});
    if (!forgotten.ok())
        return forgotten.error();
    return Unit{};
}

Result<Unit> supersede(SqlStore& store, TokenId id, TokenId successor, const QDateTime& graceEnd)
{
    return execWrite(store,
                     QStringLiteral("UPDATE tokens SET superseded_by = :fresh, expires_at = :until,"
                                    " version = version + 1 WHERE id = :id"),
                     {{"fresh", successor}, {"until", graceEnd.toMSecsSinceEpoch()}, {"id", id}});
}

Result<Unit> remove(SqlStore& store, const QList<TokenId>& ids, const EndedTokenSql::Ending& ending)
{
    if (ids.isEmpty())
        return Unit{};
    if (auto recorded = EndedTokenSql::record(store, ids, ending); !recorded.ok())
        return recorded;
    const QString sql = QStringLiteral("DELETE FROM tokens WHERE id IN (%1)").arg(SqlUtil::idList(ids));
    if (auto removed = execWrite(store, sql, {}); !removed.ok())
        return removed;
    for (const TokenId id : ids)
        store.forgetUse(id); // a use recorded but not yet written must not outlive the row
    return Unit{};
}

Result<QList<EndedGrace>> endedGracePeriods(SqlStore& store)
{
    auto ended = SqlUtil::exec(store.database(),
                               QStringLiteral("SELECT id, label, last4, superseded_by, expires_at FROM tokens"
                                              " WHERE superseded_by IS NOT NULL AND expires_at <= :now"),
                               {{"now", store.now().toMSecsSinceEpoch()}});
    if (!ended.ok())
        return ended.error();
    QList<EndedGrace> rows;
    while (ended.value().next()) {
        rows.append({ended.value().value(0).toLongLong(), ended.value().value(1).toString(),
                     TokenFormat::maskedFromLast4(ended.value().value(2).toString()),
                     ended.value().value(3).toLongLong(), SqlUtil::toDateTime(ended.value().value(4))});
    }
    return rows;
}

Result<int> intSetting(SqlStore& store, const char* key)
{
    auto result =
        SqlUtil::exec(store.database(), QStringLiteral("SELECT value FROM settings WHERE key = :key"),
                      {{"key", QString::fromLatin1(key)}});
    if (!result.ok())
        return result.error();
    if (!result.value().next())
        return makeError(ErrorCode::StoreCorrupt,
                         QCoreApplication::translate("TokenSql", "The store is missing its '%1' setting.")
                             .arg(QLatin1String(key)));
    return result.value().value(0).toInt();
}

Result<Unit> setIntSetting(SqlStore& store, const char* key, int value)
{
    return execWrite(store, QStringLiteral("UPDATE settings SET value = :value WHERE key = :key"),
                     {{"value", QByteArray::number(value)}, {"key", QString::fromLatin1(key)}});
}

} // namespace tokendesk::TokenSql
