// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/core/Types.h"

#include <QDialog>

namespace tokendesk::ui {

class TokenDetailsFields;

// Changes a token's description and tags (Token → Edit Description and Tags…).
class DetailsDialog : public QDialog
{
    Q_OBJECT

public:
    DetailsDialog(const Token& token, QWidget* parent = nullptr);

    const Token& token() const { return m_token; }
    // The validated new details; only meaningful after accept.
    const TokenDetails& details() const { return m_details; }

private:
    void submit();

    Token m_token;
    TokenDetails m_details;
    TokenDetailsFields* m_fields;
};

} // namespace tokendesk::ui
