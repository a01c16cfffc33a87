// SPDX-License-Identifier: GPL-3.0-or-later
// The console when the storage fails under an open store (issue 14): the store file deleted or
// replaced by another store, and the disk full mid-write. The window stays, says what happened in
// its banner, and the store (or the file now at its path) is unchanged and whole.
#include "models/backend/sql/SqlBackend.h"
#include "models/core/FileSizeLimit.h"
#include "models/core/StorePaths.h"
#include "models/table/TokenTableModel.h"
#include "tests/gui/GuiTestSupport.h"
#include "tests/support/StoreFaults.h"
#include "ui/ActionCollection.h"

#include <QAction>
#include <QFile>
#include <QFileInfo>

#include <cstdio>
#include <sys/resource.h>
#include <sys/stat.h>
#include <unistd.h>

namespace tokendesk::test {

namespace {

class StorageFaultsTest : public GuiTest
{
protected:
    // The window on a store with one token, "kept", selected.
    void openOnKeptToken()
    {
        openWindow();
        m_kept = generateDirect(QStringLiteral("kept"));
        window().tokenModel()->reload();
        ASSERT_TRUE(waitIdle());
        ASSERT_TRUE(selectToken(QStringLiteral("kept")));
    }

    // What a user sees after a refused Disable: the banner, the window, the row as it was.
    void expectRefusedDisable(const QString& words)
    {
        window().actions()->toggleEnabled()->trigger();
        EXPECT_TRUE(waitForBanner(words)) << qPrintable(bannerText());
        EXPECT_TRUE(window().isVisible());
        const int row = rowOf(QStringLiteral("kept"));
        ASSERT_GE(row, 0);
        EXPECT_EQ(window().tokenModel()->index(row, TokenTableModel::Status).data().toString(),
                  QStringLiteral("Active"));
    }

    static QString actor() { return StorePaths::osLoginName(); }

    GeneratedToken m_kept;
};

// Sets RLIMIT_FSIZE of this process for its lifetime, as a full small volume would stop writes.
class ScopedFileSizeLimit
{
public:
    explicit ScopedFileSizeLimit(rlim_t bytes)
    {
        reportFileSizeLimitAsAnError(); // EFBIG instead of death by SIGXFSZ, as in the app
        getrlimit(RLIMIT_FSIZE, &m_saved);
        const rlimit limited{bytes, m_saved.rlim_max};
        m_set = setrlimit(RLIMIT_FSIZE, &limited) == 0;
    }
    ~ScopedFileSizeLimit()
    {
        if (m_set)
            setrlimit(RLIMIT_FSIZE, &m_saved);
    }
    ScopedFileSizeLimit(const ScopedFileSizeLimit&) = delete;
    ScopedFileSizeLimit& operator=(const ScopedFileSizeLimit&) = delete;
    bool set() const { return m_set; }

private:
    rlimit m_saved{};
    bool m_set = false;
};

// Makes this whole process (every thread: glibc applies it to all) act as nobody until it ends,
// so that file permissions apply to the console's store as they do to any user but root.
class ScopedUnprivileged
{
public:
    ScopedUnprivileged() : m_wasRoot(geteuid() == 0)
    {
        m_set = m_wasRoot && setegid(kNobody) == 0 && seteuid(kNobody) == 0;
    }
    ~ScopedUnprivileged()
    {
        if (m_wasRoot) {
            [[maybe_unused]] const int uid = seteuid(0);
            [[maybe_unused]] const int gid = setegid(0);
        }
    }
    ScopedUnprivileged(const ScopedUnprivileged&) = delete;
    ScopedUnprivileged& operator=(const ScopedUnprivileged&) = delete;
    bool set() const { return m_set || !m_wasRoot; }

private:
    static constexpr uid_t kNobody = 65534;
    bool m_wasRoot = false;
    bool m_set = false;
};

} // namespace

TEST_F(StorageFaultsTest, AReadOnlyStoreFileListsAndRefusesWritesByName)
{
    if (const QString why = readOnlyUnavailableReason(); !why.isEmpty())
        GTEST_SKIP() << why.toStdString();
    openOnKeptToken();
    const QString admin = actor(); // the name of the user before the process gives root up
    m_window.reset();
    m_backend.reset();
    const StoreSnapshot before = snapshotStore(storePath(), admin);
    // The folder stays writable (SQLite keeps its -wal and -shm there); the file is not.
    ASSERT_EQ(::chmod(QFile::encodeName(m_dir.path()).constData(), mode_t(writableFolderModeForChild())), 0);
    ASSERT_EQ(::chmod(QFile::encodeName(storePath()).constData(), 0444), 0);
    {
        ScopedUnprivileged nobody;
        ASSERT_TRUE(nobody.set());
        m_window = std::make_unique<ui::MainWindow>();
        m_backend = awaitOk(SqlBackend::open(storePath(), admin));
        m_window->setBackend(m_backend, storePath());
        m_window->show();
        ASSERT_TRUE(waitUntil([this] { return m_window->tokenModel()->isLoaded(); }));
        ASSERT_TRUE(selectToken(QStringLiteral("kept"))) << "the store lists";
        expectRefusedDisable(QStringLiteral("read-only"));
        EXPECT_TRUE(bannerText().contains(QFileInfo(storePath()).fileName())) << qPrintable(bannerText());
        EXPECT_TRUE(await(m_backend->verify(m_kept.secret)).ok()) << "verify answers";
        m_window.reset();
        m_backend.reset();
    }
    ::chmod(QFile::encodeName(storePath()).constData(), 0600);
    ::chmod(QFile::encodeName(m_dir.path()).constData(), 0700);
    EXPECT_EQ(snapshotStore(storePath(), admin), before);
}

TEST_F(StorageFaultsTest, AStoreFileDeletedWhileOpenIsShownAndTheWindowStays)
{
    openOnKeptToken();
    ASSERT_TRUE(QFile::remove(storePath()));
    expectRefusedDisable(QStringLiteral("deleted or replaced"));
    // A reload says the same instead of showing the old store as if it were still there.
    window().tokenModel()->reload();
    EXPECT_TRUE(waitForBanner(QStringLiteral("deleted or replaced"))) << qPrintable(bannerText());
    EXPECT_TRUE(window().isVisible());
    EXPECT_FALSE(QFileInfo::exists(storePath())) << "nothing made a new file at the path";
}

TEST_F(StorageFaultsTest, AnotherStoreRenamedOverTheOpenOneIsShownAndLeftWhole)
{
    openOnKeptToken();
    const QString other = m_dir.file(QStringLiteral("other.tokendesk"));
    {
        auto backend = awaitOk(SqlBackend::create(other, StoreCreateOptions{actor(), 3}));
        awaitOk(backend->generate({QStringLiteral("only-in-the-other"), Role::Developer, {}}));
    }
    const StoreSnapshot otherBefore = snapshotStore(other, actor());
    ASSERT_EQ(otherBefore.tokens.size(), 1) << ::testing::PrintToString(otherBefore);
    ASSERT_EQ(std::rename(QFile::encodeName(other).constData(), QFile::encodeName(storePath()).constData()),
              0);

    expectRefusedDisable(QStringLiteral("deleted or replaced"));
    EXPECT_EQ(rowOf(QStringLiteral("only-in-the-other")), -1) << "the other store is not shown as this one";
    // Closing the store as well: nothing of the old one is written into the file now there.
    m_window.reset();
    m_backend.reset();
    EXPECT_EQ(snapshotStore(storePath(), actor()), otherBefore);
}

TEST_F(StorageFaultsTest, AFullDiskIsShownAndChangesNothing)
{
    openOnKeptToken();
    const StoreSnapshot before = snapshotStore(storePath(), actor());
    ASSERT_EQ(before.tokens.size(), 1) << ::testing::PrintToString(before);
    {
        // The write-ahead log only grows until a checkpoint (none in a store this small): a
        // limit at its present size stops the next write's first page.
        const qint64 logSize = QFileInfo(storePath() + QStringLiteral("-wal")).size();
        ASSERT_GT(logSize, 0);
        ScopedFileSizeLimit full{static_cast<rlim_t>(logSize)};
        ASSERT_TRUE(full.set());
        expectRefusedDisable(QStringLiteral("cannot be read or written"));
    }
    EXPECT_EQ(snapshotStore(storePath(), actor()), before) << "nothing changed, the file is whole";
    EXPECT_TRUE(await(m_backend->verify(m_kept.secret)).ok()) << "verify answers";
    // With room again the same action works.
    ASSERT_TRUE(selectToken(QStringLiteral("kept")));
    window().actions()->toggleEnabled()->trigger();
    EXPECT_TRUE(waitForBanner(QStringLiteral("Token 'kept' disabled"))) << qPrintable(bannerText());
}

} // namespace tokendesk::test
