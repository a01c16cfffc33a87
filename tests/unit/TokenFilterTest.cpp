// SPDX-License-Identifier: GPL-3.0-or-later
// Tags as an admin types them and the search text that finds them.
#include "models/core/TokenFilter.h"

#include "models/core/Validation.h"

#include <gtest/gtest.h>

using namespace Qt::StringLiterals;

namespace tokendesk {
namespace {

TEST(TagValidation, NamesAreLoweredValuesKeepTheirCase)
{
    EXPECT_EQ(Validation::tag(u" CI "_s).value(), u"ci"_s);
    EXPECT_EQ(Validation::tag(u"Env=Prod"_s).value(), u"env=Prod"_s);
    EXPECT_EQ(Validation::tag(u"owner=jürgen@acme"_s).value(), u"owner=jürgen@acme"_s);
    EXPECT_EQ(Validation::tag(u"team/web.v2_x-y"_s).value(), u"team/web.v2_x-y"_s);
}

TEST(TagValidation, RefusesWhatWouldNotPrintOrParseBack)
{
    for (const QString& bad :
         {u""_s, u"="_s, u"=v"_s, u"a b"_s, u"a,b"_s, u"_lead"_s, u"naïve"_s, u"k=a=b"_s, u"k=v,w"_s,
          u"k=\u202E"_s, u"k=\n"_s, QString(33, u'a'), u"k="_s + QString(65, u'v'), u"tag:ci"_s}) {
        EXPECT_FALSE(Validation::tag(bad).ok()) << qPrintable(bad);
    }
    EXPECT_TRUE(Validation::tag(QString(32, u'a') + u"="_s + QString(64, u'v')).ok())
        << "the limits themselves";
}

TEST(TagValidation, AListIsSortedWithoutDuplicatesAndBounded)
{
    EXPECT_EQ(Validation::tags({u"b"_s, u"A"_s, u"a"_s}).value(), (QStringList{u"a"_s, u"b"_s}));
    QStringList many;
    for (int i = 0; i < Validation::kMaxTags + 1; ++i)
        many.append(u"t%1"_s.arg(i));
    EXPECT_FALSE(Validation::tags(many).ok());
    many.append(many.first()); // 21 entries, 20 distinct after dropping one
    many.removeAt(1);
    many.removeAt(1);
    EXPECT_TRUE(Validation::tags(many).ok());
}

TEST(DescriptionValidation, IsOptionalOneLineAndAtMost500Characters)
{
    EXPECT_TRUE(Validation::description({}).ok());
    EXPECT_EQ(Validation::description(u"  kept  "_s).value(), u"kept"_s);
    EXPECT_TRUE(Validation::description(QString(500, u'é')).ok());
    EXPECT_FALSE(Validation::description(QString(501, u'x')).ok());
    EXPECT_FALSE(Validation::description(u"a\nb"_s).ok());
    EXPECT_FALSE(Validation::description(u"a\u2028b"_s).ok());
    EXPECT_FALSE(Validation::description(u"a\u202Eb"_s).ok());
    EXPECT_FALSE(Validation::description(QString(1, QChar(0xD800))).ok()) << "an unpaired surrogate";
}

TEST(TokenFilterParse, TagWordsBecomeConditionsTheRestStaysText)
{
    const TokenFilter parsed = TokenFilter::parse(u"  deploy Tag:CI  tag:env=prod bot "_s);
    EXPECT_EQ(parsed.text, u"deploy bot"_s);
    EXPECT_EQ(parsed.tags, (QStringList{u"ci"_s, u"env=prod"_s}));
    EXPECT_FALSE(parsed.impossible);
}

TEST(TokenFilterParse, TextWithoutTagsIsKeptAsTyped)
{
    EXPECT_EQ(TokenFilter::parse(u" two  spaces "_s).text, u"two  spaces"_s);
    EXPECT_EQ(TokenFilter::parse(u"tag:"_s).text, u"tag:"_s) << "a bare prefix is text";
    EXPECT_TRUE(TokenFilter::parse(u"tag:ci tag:ci"_s).tags == QStringList{u"ci"_s});
}

TEST(TokenFilterParse, AnInvalidTagMatchesNothing)
{
    EXPECT_TRUE(TokenFilter::parse(u"tag:a,b"_s).impossible);
    EXPECT_TRUE(TokenFilter::parse(u"tag:%"_s).impossible);
}

} // namespace
} // namespace tokendesk
