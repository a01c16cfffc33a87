// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/server/VerifyReply.h"

#include <QHash>
#include <QJsonDocument>
#include <QJsonObject>

using namespace Qt::StringLiterals;

namespace tokendesk {

namespace {

struct Remembered
{
    Role role = Role::Developer;
    QString label;
    QByteArray body;
};

} // namespace

QByteArray VerifyReply::build(const VerifiedToken& token)
{
    const QJsonObject object{{u"valid"_s, true},
                             {u"id"_s, token.id},
                             {u"role"_s, roleName(token.role)},
                             {u"label"_s, token.label}};
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

QByteArray VerifyReply::body(const VerifiedToken& token)
{
    // Per thread, so the verify workers share no lock.
    thread_local QHash<TokenId, Remembered> remembered;
    auto it = remembered.find(token.id);
    if (it != remembered.end() && it->role == token.role && it->label == token.label)
        return it->body;
    if (it == remembered.end() && remembered.size() >= kCapacity)
        remembered.clear();
    const auto inserted = remembered.emplace(token.id, Remembered{token.role, token.label, build(token)});
    return inserted->body;
}

} // namespace tokendesk
