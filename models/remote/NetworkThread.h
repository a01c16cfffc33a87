// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

class QThread;

namespace tokendesk {

// The thread every RemoteBackend's network traffic runs on. Callers wait on futures, never on
// an event loop of their own, so the console's GUI thread and a test's main thread behave alike.
// Stopped when the application object goes away (like SqlWorker).
class NetworkThread
{
public:
    static QThread* thread();
};

} // namespace tokendesk
