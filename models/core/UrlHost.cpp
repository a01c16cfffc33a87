// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/UrlHost.h"

#include <QRegularExpression>

namespace tokendesk::UrlHost {

QString typed(const QString& address)
{
    const qsizetype scheme = address.indexOf(QLatin1String("://"));
    const qsizetype start = scheme < 0 ? 0 : scheme + 3;
    qsizetype end = start;
    while (end < address.size() && address.at(end) != u'/' && address.at(end) != u'?' &&
           address.at(end) != u'#')
        ++end;
    QStringView authority = QStringView(address).sliced(start, end - start);
    authority = authority.sliced(authority.lastIndexOf(u'@') + 1);
    if (authority.startsWith(u'['))
        return authority.left(authority.indexOf(u']') + 1).toString();
    const qsizetype colon = authority.lastIndexOf(u':');
    return (colon < 0 ? authority : authority.left(colon)).toString();
}

bool readsAsTyped(const QString& address, const QUrl& parsed)
{
    static const QRegularExpression ipv4(QStringLiteral("^[0-9]+\\.[0-9]+\\.[0-9]+\\.[0-9]+$"));
    static const QRegularExpression ipv4Forms(QStringLiteral("^[0-9A-Fa-fXx.]+$"));
    if (!ipv4.match(parsed.host()).hasMatch())
        return true;
    return ipv4Forms.match(typed(address)).hasMatch();
}

} // namespace tokendesk::UrlHost
