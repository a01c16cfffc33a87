// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/Translations.h"

#include <QCoreApplication>
#include <QLocale>
#include <QTranslator>

namespace tokendesk::Translations {

namespace {
// Where qt_add_translations puts the compiled catalogues (see the top-level CMakeLists.txt).
const QString kFolder = QStringLiteral(":/i18n");
const QString kBaseName = QStringLiteral("tokendesk");
} // namespace

bool install()
{
    QCoreApplication* app = QCoreApplication::instance();
    if (!app)
        return false;

    auto* english = new QTranslator(app);
    const bool haveEnglish = english->load(kBaseName + QStringLiteral("_en"), kFolder);
    if (haveEnglish)
        QCoreApplication::installTranslator(english);
    else
        delete english;

    // Installed last, so it is asked first; anything it lacks falls back to the English forms.
    auto* local = new QTranslator(app);
    if (local->load(QLocale(), kBaseName, QStringLiteral("_"), kFolder) &&
        local->language() != QLatin1String("en"))
        QCoreApplication::installTranslator(local);
    else
        delete local;

    return haveEnglish;
}

} // namespace tokendesk::Translations
