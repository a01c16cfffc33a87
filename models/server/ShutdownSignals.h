// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace tokendesk {

// Turns SIGTERM and SIGINT into a Qt signal on the thread that made this object (the self-pipe
// trick: a signal handler may only write to a file descriptor). One instance per process.
class ShutdownSignals final : public QObject
{
    Q_OBJECT
public:
    explicit ShutdownSignals(QObject* parent = nullptr);
    ~ShutdownSignals() override;

Q_SIGNALS:
    void received(int signal);

private:
    QSocketNotifier* m_notifier = nullptr;
};

} // namespace tokendesk
