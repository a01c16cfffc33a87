// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QFuture>
#include <QFutureWatcher>
#include <QObject>

#include <utility>

namespace tokendesk {

// Runs `handler(result)` on `context`'s thread when `future` finishes, unless `context` has been
// destroyed by then — a closed window or dialog never receives a late answer.
//
// Why not QFuture::then(context, …)? In Qt 6.4 it asserts (Q_ASSERT(context) in
// qfuture_impl.h) when the context dies before the future finishes, which is exactly the case a
// guard exists for. A QFutureWatcher owned by the context dies with it instead.
template <typename T, typename Handler> void whenDone(QFuture<T> future, QObject* context, Handler&& handler)
{
    auto* watcher = new QFutureWatcher<T>(context);
    QObject::connect(watcher, &QFutureWatcherBase::finished, context,
                     [watcher, handler = std::forward<Handler>(handler)]() mutable {
                         watcher->deleteLater();
                         handler(watcher->future().result());
                     });
    watcher->setFuture(std::move(future));
}

} // namespace tokendesk
