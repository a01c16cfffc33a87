// SPDX-License-Identifier: GPL-3.0-or-later
// What every fuzz target shares: the one QCoreApplication (QtSql, QtConcurrent and QFuture
// continuations need it) and a way to stop the run on a broken invariant that is not a crash.
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QLocale>

#include <cstdint>
#include <cstdio>
#include <cstdlib>

namespace tokendesk::fuzz {

// Created once from LLVMFuzzerInitialize and never destroyed: libFuzzer ends the process with
// exit(), and tearing Qt down from an atexit handler while the SQL worker runs is its own hazard.
inline void startQt(const char* name)
{
    static int argc = 1;
    static char arg0[] = "tokendesk-fuzz";
    static char* argv[] = {arg0, nullptr};
    QLocale::setDefault(QLocale::c());
    auto* app = new QCoreApplication(argc, argv);
    (void)app;
    QCoreApplication::setApplicationName(QString::fromLatin1(name));
}

inline QByteArray bytes(const uint8_t* data, size_t size)
{
    return QByteArray(reinterpret_cast<const char*>(data), static_cast<qsizetype>(size));
}

// A wrong answer is a finding as much as a crash: report it and abort, so libFuzzer keeps the input.
[[noreturn]] inline void broken(const char* what)
{
    std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
    std::abort();
}

inline void require(bool holds, const char* what)
{
    if (!holds)
        broken(what);
}

} // namespace tokendesk::fuzz
