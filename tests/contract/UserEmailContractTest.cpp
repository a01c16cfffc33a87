// SPDX-License-Identifier: GPL-3.0-or-later
// A user's mail address, where their notices (new tokens, expiry warnings) go: given when the
// user is added or set later, by admins only, checked so that nothing can break out of an SMTP
// envelope or header, audited — on every backend.
#include "tests/contract/BackendContract.h"

namespace tokendesk::test {

using namespace Qt::StringLiterals;

namespace {

User userNamed(const QList<User>& users, const QString& name)
{
    for (const User& user : users)
        if (user.name == name)
            return user;
    ADD_FAILURE() << "no user " << qPrintable(name);
    return {};
}

} // namespace

TEST_P(BackendContractTest, AUsersMailAddressIsGivenOnAddingSetLaterAndCleared)
{
    const User added =
        awaitOk(alice().addUser(User{u"bob"_s, true, false, u"  bob.ops@mail.example.org "_s}));
    EXPECT_EQ(added.email, u"bob.ops@mail.example.org"_s) << "trimmed";
    EXPECT_EQ(userNamed(awaitOk(alice().users()), u"bob"_s).email, u"bob.ops@mail.example.org"_s);
    EXPECT_TRUE(userNamed(awaitOk(alice().users()), u"alice"_s).email.isEmpty()) << "none until given";

    const User changed = awaitOk(alice().setUserEmail(u"bob"_s, u"b+tokens@example.org"_s));
    EXPECT_EQ(changed.email, u"b+tokens@example.org"_s);
    EXPECT_TRUE(changed.admin);
    EXPECT_EQ(userNamed(awaitOk(alice().users()), u"bob"_s).email, u"b+tokens@example.org"_s);
    const QList<AuditEntry> log = awaitOk(alice().audit({}));
    EXPECT_EQ(log.first().action, u"user.email"_s);
    EXPECT_EQ(log.first().detail, u"bob: mail to b+tokens@example.org"_s);

    EXPECT_TRUE(awaitOk(alice().setUserEmail(u"bob"_s, QString())).email.isEmpty());
    EXPECT_TRUE(userNamed(awaitOk(alice().users()), u"bob"_s).email.isEmpty());
    EXPECT_EQ(awaitOk(alice().audit({})).first().detail, u"bob: mail address cleared"_s);
}

TEST_P(BackendContractTest, AMailAddressThatCouldBreakOutOfTheMailIsRefusedAndChangesNothing)
{
    addUser(u"bob"_s, false, false);
    awaitOk(alice().setUserEmail(u"bob"_s, u"bob@example.org"_s));
    const qsizetype entries = awaitOk(alice().audit({})).size();
    const QString tooLong =
        QString(60, u'a') + u"@"_s + QStringList(8, QString(30, u'b')).join(u'.') + u".org"_s;
    for (const QString& bad :
         {u"bob@example.org\r\nBcc: everyone@example.org"_s, u"bob@example.org\nX: y"_s,
          u"<bob@example.org>"_s, u"bob smith@example.org"_s, u"bob@@example.org"_s, u"bob@exa@mple.org"_s,
          u"@example.org"_s, u"bob@"_s, u"bob"_s, u"bob@-example.org"_s, u"bob@example..org"_s,
          u"b\u00f6b@example.org"_s, u"bob@b\u00fccher.de"_s, u"bob@example.org,eve@example.org"_s,
          u"bob\"@example.org"_s, QString(u'\0') + u"@example.org"_s, tooLong,
          QString(65, u'x') + u"@example.org"_s}) {
        SCOPED_TRACE(bad.toStdString());
        EXPECT_EQ(codeOf(await(alice().setUserEmail(u"bob"_s, bad))), ErrorCode::InvalidInput);
        EXPECT_EQ(codeOf(await(alice().addUser(User{u"carol"_s, false, false, bad}))),
                  ErrorCode::InvalidInput);
    }
    EXPECT_EQ(userNamed(awaitOk(alice().users()), u"bob"_s).email, u"bob@example.org"_s);
    EXPECT_EQ(awaitOk(alice().users()).size(), 2) << "carol was never added";
    EXPECT_EQ(awaitOk(alice().audit({})).size(), entries) << "nothing audited";
}

TEST_P(BackendContractTest, OnlyAdminsSetMailAddressesAndOnlyOfUsersThatExist)
{
    addUser(u"erin"_s, false, true);
    EXPECT_EQ(codeOf(await(as(u"erin"_s)->setUserEmail(u"alice"_s, u"erin@evil.example"_s))),
              ErrorCode::PermissionDenied);
    EXPECT_EQ(codeOf(await(as(u"erin"_s)->setUserEmail(u"erin"_s, u"erin@example.org"_s))),
              ErrorCode::PermissionDenied);
    EXPECT_TRUE(userNamed(awaitOk(alice().users()), u"alice"_s).email.isEmpty());
    EXPECT_EQ(codeOf(await(alice().setUserEmail(u"nobody"_s, u"nobody@example.org"_s))), ErrorCode::NotFound);
}

} // namespace tokendesk::test
