// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Result.h"

#include <QDateTime>

#include <gtest/gtest.h>

namespace tokendesk::test {

inline QDateTime utc(const QString& text)
{
    return QDateTime::fromString(text, Qt::ISODateWithMs).toUTC();
}

// A refusal of client input: INVALID_INPUT whose message mentions `mentions`.
template <typename T> void expectInvalid(const Result<T>& result, const QString& mentions)
{
    ASSERT_FALSE(result.ok()) << "accepted input that mentions " << qPrintable(mentions);
    EXPECT_EQ(result.code(), ErrorCode::InvalidInput);
    EXPECT_TRUE(result.error().message.contains(mentions)) << qPrintable(result.error().message);
}

} // namespace tokendesk::test
