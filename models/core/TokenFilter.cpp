// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/core/TokenFilter.h"

#include "models/core/Validation.h"

namespace tokendesk {

TokenFilter TokenFilter::parse(const QString& filter)
{
    static constexpr QLatin1StringView kPrefix{"tag:"};
    TokenFilter parsed;
    if (!filter.contains(kPrefix, Qt::CaseInsensitive)) {
        parsed.text = filter.trimmed(); // no tag condition: the text exactly as typed
        return parsed;
    }
    QStringList words;
    for (const QString& word : filter.split(u' ', Qt::SkipEmptyParts)) {
        if (!word.startsWith(kPrefix, Qt::CaseInsensitive) || word.size() == kPrefix.size()) {
            words.append(word);
            continue;
        }
        auto tag = Validation::tag(word.mid(kPrefix.size()));
        if (!tag.ok())
            parsed.impossible = true;
        else if (!parsed.tags.contains(tag.value()))
            parsed.tags.append(tag.value());
    }
    parsed.text = words.join(u' ').trimmed();
    return parsed;
}

} // namespace tokendesk
