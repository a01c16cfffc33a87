// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/widgets/Icons.h"

#include <QFile>

// Q_INIT_RESOURCE must be called outside any namespace; the resources live in a static library.
static void initTokendeskResources()
{
    Q_INIT_RESOURCE(resources);
}

namespace tokendesk::ui::Icons {

namespace {
void ensureResources()
{
    static const bool done = [] {
        initTokendeskResources();
        return true;
    }();
    Q_UNUSED(done);
}
} // namespace

QIcon icon(const QString& name)
{
    ensureResources();
    const QString path = QStringLiteral(":/icons/%1.svg").arg(name);
    if (!QFile::exists(path))
        return {};
    return QIcon(path);
}

QIcon appIcon()
{
    return icon(QStringLiteral("tokendesk"));
}

} // namespace tokendesk::ui::Icons
