// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QUrl>

// The host of an address someone typed, next to the one QUrl made of it.
namespace tokendesk::UrlHost {

// The host part as typed: after "scheme://" and any "user@", before the port, path, query or
// fragment; an IPv6 literal keeps its brackets.
QString typed(const QString& address);

// False when QUrl read an IPv4 address into a host that was not typed as one: QUrl takes "+5"
// for 0.0.0.5, an address no one typing "+5" meant to reach. IPv4 in the URL standard's other
// forms ("127.1", "0x7f.1") stays accepted: it is typed in digits, dots and hex.
bool readsAsTyped(const QString& address, const QUrl& parsed);

} // namespace tokendesk::UrlHost
