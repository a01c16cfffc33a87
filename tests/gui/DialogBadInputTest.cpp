// SPDX-License-Identifier: GPL-3.0-or-later
// The console's dialogs fed hostile text as a user gives it (issue 14): typed key by key, and
// pasted from the clipboard (which is how a huge value, a line break or a control character
// arrives). Through the real main window on a real store: generate's label, rename's label and
// revoke's confirmation, and a new user's name. Each case ends in a clear error or a correct result:
//   - the dialog either finishes with the store holding exactly what the field showed
//     (trimmed), or stays open with a visible reason (or its button disabled);
//   - a refusal leaves every row of the store as it was.
#include "models/table/TokenTableModel.h"
#include "models/users/UserListModel.h"
#include "tests/badinput/StoreRows.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/HostileInputs.h"
#include "ui/ActionCollection.h"
#include "ui/tokens/RevealDialog.h"
#include "ui/users/UsersDialog.h"

#include <QAction>
#include <QCheckBox>
#include <QClipboard>
#include <QDialog>
#include <QKeyEvent>
#include <QLabel>
#include <QLineEdit>
#include <QPointer>
#include <QPushButton>
#include <QRegularExpression>
#include <QTest>

#include <iostream>

namespace tokendesk::test {

namespace {

enum class Entry
{
    Typed,
    Pasted
};

// Typing a 100,000-character value key by key is not what a user does; they paste it.
constexpr qsizetype kMaxTypedLength = 200;

QDialog* openFromAction(QAction* action, const QString& objectName)
{
    if (!action->isEnabled())
        return nullptr;
    action->trigger();
    auto* dialog = waitForTopLevel<QDialog>(objectName);
    if (dialog) {
        QApplication::setActiveWindow(dialog);
        (void)QTest::qWaitForWindowActive(dialog);
    }
    return dialog;
}

void enter(QLineEdit* field, const HostileInput& input, Entry entry)
{
    field->setFocus();
    field->selectAll();
    if (entry == Entry::Typed) {
        // One key event per character, as a keyboard or an input method delivers them
        // (QTest::keyClicks knows only ASCII).
        const QString text = input.text();
        for (qsizetype i = 0; i < text.size(); ++i) {
            const qsizetype units = text.at(i).isHighSurrogate() && i + 1 < text.size() ? 2 : 1;
            const QString character = text.mid(i, units);
            QKeyEvent press(QEvent::KeyPress, Qt::Key_unknown, Qt::NoModifier, character);
            QApplication::sendEvent(field, &press);
            QKeyEvent release(QEvent::KeyRelease, Qt::Key_unknown, Qt::NoModifier, character);
            QApplication::sendEvent(field, &release);
            i += units - 1;
        }
        return;
    }
    QGuiApplication::clipboard()->setText(input.text());
    QTest::keyClick(field, Qt::Key_V, Qt::ControlModifier);
}

// Some label with visible text explains why the dialog is still open.
bool showsAReason(const QDialog* dialog)
{
    for (const QLabel* label : dialog->findChildren<QLabel*>()) {
        if (label->isVisible() && label->objectName().endsWith(QStringLiteral("Error")) &&
            !label->text().trimmed().isEmpty())
            return true;
    }
    return false;
}

// Waits until the submitted dialog has an outcome: it went away, or it shows why it stays.
void waitForOutcome(const QPointer<QDialog>& dialog)
{
    waitUntil([&dialog] {
        return !dialog || !dialog->isVisible() || showsAReason(dialog) ||
               findTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    });
}

// What a user does with one of these dialogs: give the field the value, press the button if it
// lets them, and wait for the outcome.
struct Submitted
{
    QPushButton* button = nullptr;
    QString shown; // what the field showed, trimmed: what a correct result stores
};

Submitted fillAndSubmit(const QPointer<QDialog>& dialog, const QString& fieldName, const QString& buttonName,
                        const HostileInput& input, Entry entry)
{
    auto* field = childOf<QLineEdit>(dialog, fieldName);
    auto* button = childOf<QPushButton>(dialog, buttonName);
    enter(field, input, entry);
    Submitted submitted{button, field->text().trimmed()};
    if (button->isEnabled()) {
        button->click();
        waitForOutcome(dialog);
    }
    return submitted;
}

// Closes the reveal dialog if one came up; true when it did.
bool closeReveal()
{
    auto* reveal = findTopLevel<ui::RevealDialog>(QStringLiteral("revealDialog"));
    if (!reveal)
        return false;
    childOf<QCheckBox>(reveal, QStringLiteral("storedCheck"))->setChecked(true);
    childOf<QPushButton>(reveal, QStringLiteral("closeButton"))->click();
    waitUntil([reveal] { return !reveal->isVisible(); });
    return true;
}

struct Tally
{
    int tried = 0;
    int failures = 0;
    int accepted = 0;
};

class DialogBadInputTest : public GuiTest
{
protected:
    void SetUp() override
    {
        GuiTest::SetUp();
        openWindow(1000);
        generateDirect(QStringLiteral("kept"));
        window().tokenModel()->reload();
        ASSERT_TRUE(waitIdle());
    }

    static QList<Entry> entriesFor(const HostileInput& input)
    {
        if (input.text().size() > kMaxTypedLength)
            return {Entry::Pasted};
        return {Entry::Typed, Entry::Pasted};
    }

    static std::string caseName(const HostileInput& input, Entry entry)
    {
        return input.name.toStdString() + (entry == Entry::Typed ? " (typed)" : " (pasted)");
    }

    void report(const char* dialog, const Tally& tally)
    {
        std::cout << "[ cases    ] dialog " << dialog << ": " << tally.tried << " tried, " << tally.failures
                  << " failed (" << tally.accepted << " accepted)\n";
    }

    // Judges a dialog that was submitted: `done` when it finished (the change is made).
    void judge(Tally& tally, const std::string& name, const QPointer<QDialog>& dialog, QPushButton* button,
               bool done, const QByteArray& before, const std::function<std::string()>& checkDone)
    {
        ++tally.tried;
        std::string problem;
        if (done) {
            ++tally.accepted;
            problem = checkDone();
        } else if (storeRows(storePath()) != before) {
            problem = "refused, yet the store changed";
        } else if (!dialog || !dialog->isVisible()) {
            problem = "the dialog closed without doing it or saying why";
        } else if (button->isEnabled() && !showsAReason(dialog)) {
            problem = "refused without a visible reason";
        }
        if (!problem.empty()) {
            ++tally.failures;
            ADD_FAILURE() << name << ": " << problem;
        }
    }
};

TEST_F(DialogBadInputTest, GenerateLabel)
{
    Tally tally;
    for (const HostileInput& input : allHostileInputs()) {
        for (const Entry entry : entriesFor(input)) {
            const QByteArray before = storeRows(storePath());
            const QStringList labelsBefore = labels();
            const QPointer<QDialog> dialog =
                openFromAction(window().actions()->generate(), QStringLiteral("generateDialog"));
            ASSERT_TRUE(dialog);
            const Submitted submitted = fillAndSubmit(dialog, QStringLiteral("labelField"),
                                                      QStringLiteral("generateButton"), input, entry);
            const bool done = closeReveal();
            waitIdle();
            judge(tally, caseName(input, entry), dialog, submitted.button, done, before, [&] {
                const QStringList now = labels();
                return now.size() == labelsBefore.size() + 1 && now.contains(submitted.shown)
                           ? std::string()
                           : "the new token's label is not what the field showed";
            });
            if (dialog && dialog->isVisible())
                dialog->reject();
        }
    }
    report("generate_label", tally);
}

TEST_F(DialogBadInputTest, RenameLabel)
{
    Tally tally;
    QString current = QStringLiteral("kept");
    for (const HostileInput& input : allHostileInputs()) {
        for (const Entry entry : entriesFor(input)) {
            ASSERT_TRUE(selectToken(current)) << qPrintable(current);
            const QByteArray before = storeRows(storePath());
            const QPointer<QDialog> dialog =
                openFromAction(window().actions()->rename(), QStringLiteral("renameDialog"));
            ASSERT_TRUE(dialog);
            const Submitted submitted = fillAndSubmit(dialog, QStringLiteral("renameField"),
                                                      QStringLiteral("renameButton"), input, entry);
            waitIdle();
            // The dialog goes when the rename is sent; the row changes when it is done.
            const bool gone = !dialog || !dialog->isVisible();
            const bool renamed = gone && waitUntil([&] { return storeRows(storePath()) != before; },
                                                   submitted.shown == current ? 100 : 3000);
            if (!renamed && (!dialog || !dialog->isVisible()) && submitted.shown == current) {
                ++tally.tried; // the field still held the current label: nothing to do is right
                continue;
            }
            judge(tally, caseName(input, entry), dialog, submitted.button, renamed, before, [&] {
                // The table follows once its reload after the rename is in.
                if (!waitUntil([&] { return rowOf(submitted.shown) >= 0; }, 3000))
                    return "the label is not what the field showed ('" + submitted.shown.toStdString() +
                           "' not in " + labels().join(QLatin1Char('|')).toStdString() + ")";
                current = submitted.shown;
                return std::string();
            });
            if (dialog && dialog->isVisible())
                dialog->reject();
        }
    }
    report("rename_label", tally);
}

// The edit dialog's two fields, each given every hostile value: a save that went through stores
// what the field showed (the description trimmed; tags as the words typed, names lowered).
class DetailsBadInput : public DialogBadInputTest
{
protected:
    void run(const QString& fieldName, const char* reportName,
             const std::function<std::string(const Token&, const QString& shown)>& checkStored)
    {
        Tally tally;
        for (const HostileInput& input : allHostileInputs()) {
            for (const Entry entry : entriesFor(input)) {
                ASSERT_TRUE(selectToken(QStringLiteral("kept")));
                const QByteArray before = storeRows(storePath());
                const QPointer<QDialog> dialog =
                    openFromAction(window().actions()->editDetails(), QStringLiteral("detailsDialog"));
                ASSERT_TRUE(dialog);
                const Submitted submitted =
                    fillAndSubmit(dialog, fieldName, QStringLiteral("saveDetailsButton"), input, entry);
                waitIdle();
                const bool gone = !dialog || !dialog->isVisible();
                const bool saved = gone && waitUntil([&] { return storeRows(storePath()) != before; }, 3000);
                if (gone && !saved) {
                    ++tally.tried; // nothing new to store (an empty field on an empty token): right
                    continue;
                }
                judge(tally, caseName(input, entry), dialog, submitted.button, saved, before, [&] {
                    const QList<Token> tokens = awaitOk(m_backend->list({}));
                    return tokens.isEmpty() ? std::string("the token is gone")
                                            : checkStored(tokens.first(), submitted.shown);
                });
                if (dialog && dialog->isVisible())
                    dialog->reject();
                // Back to no description and no tags for the next value.
                const Token now = awaitOk(m_backend->list({})).first();
                awaitOk(m_backend->setDetails(now.id, now.version, {}));
                window().tokenModel()->reload();
                waitIdle();
            }
        }
        report(reportName, tally);
    }
};

TEST_F(DetailsBadInput, Description)
{
    run(QStringLiteral("descriptionField"), "details_description",
        [](const Token& token, const QString& shown) {
            if (token.description != shown)
                return "stored '" + token.description.toStdString() + "', the field showed '" +
                       shown.toStdString() + "'";
            const bool oneLine =
                !shown.contains(u'\n') && !shown.contains(u'\t') && shown.toUcs4().size() <= 500;
            return oneLine ? std::string() : std::string("accepted a description that is not one short line");
        });
}

TEST_F(DetailsBadInput, Tags)
{
    run(QStringLiteral("tagsField"), "details_tags", [](const Token& token, const QString& shown) {
        static const QRegularExpression shape(
            QStringLiteral("^[a-z0-9][a-z0-9._/-]{0,31}(=[\\p{L}\\p{N}._/:@+-]{1,64})?$"));
        const QStringList typed =
            shown.toLower().split(QRegularExpression(QStringLiteral("[,\\s]+")), Qt::SkipEmptyParts);
        for (const QString& tag : token.tags) {
            if (!shape.match(tag).hasMatch())
                return "accepted the tag '" + tag.toStdString() + "'";
            if (!typed.contains(tag.toLower()))
                return "stored the tag '" + tag.toStdString() + "' that was not typed";
        }
        return token.tags.isEmpty() ? std::string("saved no tag from '" + shown.toStdString() + "'")
                                    : std::string();
    });
}

TEST_F(DialogBadInputTest, RevokeConfirmation)
{
    Tally tally;
    for (const HostileInput& input : allHostileInputs()) {
        for (const Entry entry : entriesFor(input)) {
            ASSERT_TRUE(selectToken(QStringLiteral("kept")));
            const QByteArray before = storeRows(storePath());
            const QPointer<QDialog> dialog =
                openFromAction(window().actions()->revoke(), QStringLiteral("revokeDialog"));
            ASSERT_TRUE(dialog);
            const Submitted submitted = fillAndSubmit(dialog, QStringLiteral("confirmField"),
                                                      QStringLiteral("revokeButton"), input, entry);
            waitIdle();
            // No hostile value is the label "kept": the button must stay disabled.
            judge(tally, caseName(input, entry), dialog, submitted.button, rowOf(QStringLiteral("kept")) < 0,
                  before, [] { return std::string("revoked without the label typed"); });
            if (dialog && dialog->isVisible())
                dialog->reject();
        }
    }
    report("revoke_confirm", tally);
}

TEST_F(DialogBadInputTest, AddUserName)
{
    Tally tally;
    window().actions()->usersAndNotices()->trigger();
    const QPointer<ui::UsersDialog> users = waitForTopLevel<ui::UsersDialog>(QStringLiteral("usersDialog"));
    ASSERT_TRUE(users);
    ASSERT_TRUE(waitUntil([&] { return users->usersLoaded() && !users->isBusy(); }));
    const auto names = [&users] {
        QStringList result;
        for (const User& user : users->userModel()->users())
            result << user.name;
        return result;
    };
    for (const HostileInput& input : allHostileInputs()) {
        for (const Entry entry : entriesFor(input)) {
            const QByteArray before = storeRows(storePath());
            const QStringList namesBefore = names();
            QTest::mouseClick(childOf<QPushButton>(users, QStringLiteral("addUserButton")), Qt::LeftButton);
            const QPointer<QDialog> dialog = waitForTopLevel<QDialog>(QStringLiteral("addUserDialog"));
            ASSERT_TRUE(dialog);
            QApplication::setActiveWindow(dialog);
            const Submitted submitted = fillAndSubmit(dialog, QStringLiteral("userNameField"),
                                                      QStringLiteral("addButton"), input, entry);
            const bool added = (!dialog || !dialog->isVisible()) &&
                               waitUntil([&] { return names().size() == namesBefore.size() + 1; }, 3000);
            judge(tally, caseName(input, entry), dialog, submitted.button, added, before, [&] {
                return names().contains(submitted.shown) ? std::string()
                                                         : "the new user is not what the field showed";
            });
            if (dialog && dialog->isVisible())
                dialog->reject();
            waitUntil([&] { return !users->isBusy(); });
        }
    }
    report("add_user_name", tally);
    users->close();
}

} // namespace
} // namespace tokendesk::test
