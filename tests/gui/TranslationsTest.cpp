// SPDX-License-Identifier: GPL-3.0-or-later
// The English catalogue supplies the singular and plural of every "%n …(s)" string; the test
// main installs it exactly as the application does.
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "ui/ActionCollection.h"

#include <QAction>
#include <QCoreApplication>
#include <QFile>
#include <QLabel>
#include <QXmlStreamReader>

namespace tokendesk::test {

namespace {
using TranslationsTest = GuiTest;
}

TEST(Translations, PluralsReadNaturally)
{
    const auto dayAgo = [](int n) {
        return QCoreApplication::translate("tokendesk::TokenTableModel", "%n day(s) ago", "", n);
    };
    EXPECT_EQ(dayAgo(1), QStringLiteral("1 day ago"));
    EXPECT_EQ(dayAgo(3), QStringLiteral("3 days ago"));
    EXPECT_EQ(QCoreApplication::translate("tokendesk::ui::MainWindow", "%n token(s)", "", 0),
              QStringLiteral("0 tokens"));
}

// Every numerus entry in the committed .ts has both English forms filled in and finished;
// an empty one would make lrelease fall back to the raw "%n token(s)".
TEST(Translations, EnglishCatalogueIsComplete)
{
    QFile file(QStringLiteral(TOKENDESK_SOURCE_DIR "/translations/tokendesk_en.ts"));
    ASSERT_TRUE(file.open(QIODevice::ReadOnly));
    QXmlStreamReader xml(&file);
    int messages = 0;
    QString source;
    QStringList forms;
    while (!xml.atEnd()) {
        xml.readNext();
        if (xml.isStartElement() && xml.name() == QLatin1String("source")) {
            source = xml.readElementText();
            forms.clear();
        } else if (xml.isStartElement() && xml.name() == QLatin1String("translation")) {
            EXPECT_TRUE(xml.attributes().value(QLatin1String("type")).isEmpty())
                << "unfinished: " << qPrintable(source);
        } else if (xml.isStartElement() && xml.name() == QLatin1String("numerusform")) {
            forms.append(xml.readElementText());
        } else if (xml.isEndElement() && xml.name() == QLatin1String("message")) {
            ++messages;
            ASSERT_EQ(forms.size(), 2) << qPrintable(source);
            EXPECT_TRUE(forms[0].contains(QLatin1String("%n")) && forms[1].contains(QLatin1String("%n")))
                << qPrintable(source);
            EXPECT_NE(forms[0], forms[1]) << qPrintable(source);
        }
    }
    EXPECT_FALSE(xml.hasError()) << qPrintable(xml.errorString());
    EXPECT_GE(messages, 10);
}

TEST_F(TranslationsTest, TheWindowUsesSingularAndPlural)
{
    openWindow(1);
    auto* count = childOf<QLabel>(&window(), QStringLiteral("tokenCount"));
    ASSERT_TRUE(waitUntil([&] { return count->text() == QStringLiteral("0 tokens"); }));
    generateDirect(QStringLiteral("only-one"));
    window().actions()->reload()->trigger();
    ASSERT_TRUE(waitUntil([&] { return count->text() == QStringLiteral("1 token"); }));
    QAction* generate = window().actions()->generate();
    ASSERT_TRUE(waitUntil([&] { return !generate->isEnabled(); }));
    EXPECT_EQ(generate->toolTip(), QStringLiteral("1 of 1 token used — revoke one to free a slot."));
    auto* session = childOf<QLabel>(&window(), QStringLiteral("sessionLabel"));
    EXPECT_TRUE(session->text().endsWith(QStringLiteral("· 1 of 1 token used")))
        << qPrintable(session->text());
}

} // namespace tokendesk::test
