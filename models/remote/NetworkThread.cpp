// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/remote/NetworkThread.h"

#include "models/crypto/Crypto.h"

#include <QCoreApplication>
#include <QThread>

namespace tokendesk {

namespace {

QThread* g_thread = nullptr;
QObject* g_context = nullptr; // lives on the thread, to run code there

void stopThread()
{
    // TLS handshakes ran here (OpenSSL behind QSslSocket).
    QMetaObject::invokeMethod(g_context, &releaseCryptoThreadState, Qt::BlockingQueuedConnection);
    g_thread->quit();
    g_thread->wait();
}

} // namespace

QThread* NetworkThread::thread()
{
    // Never destroyed, only stopped: replies may still be in flight at exit.
    static QThread* made = [] {
        g_thread = new QThread;
        g_thread->setObjectName(QStringLiteral("tokendesk-network"));
        g_context = new QObject;
        g_context->moveToThread(g_thread);
        g_thread->start();
        qAddPostRoutine(&stopThread);
        return g_thread;
    }();
    return made;
}

} // namespace tokendesk
