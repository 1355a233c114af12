#pragma once
// "Reading options": how to read what a dataset's files do not say. Each field left empty is
// read as the files say; its placeholder shows what that gave. The first timestamp applies
// only to files without timestamps (disabled otherwise), where the sampling interval says
// their step; with timestamps, an interval that is a multiple of theirs combines their
// readings into longer steps, averaged or, for counts, totalled (the "Combine readings" row,
// enabled while an interval is entered). Dates with slashes are read month or day first where
// the file's own dates do not show which (shown for files with timestamps). PeMS station files
// may be read for some lane types only (shown for them). A period to read leaves out the steps
// before and after it. The value column applies only to long tables with several, the sheet only to
// Excel workbooks with several. An entry that cannot be read is named under the
// form and blocks OK.
#include "reading_options.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;

class ReadingOptionsDialog : public QDialog {
    Q_OBJECT
public:
    /// `current`: the options `read` was read with; `read`: the dataset as they gave it.
    ReadingOptionsDialog(const himnet::LoadOptions& current, const himnet::Dataset& read, QWidget* parent = nullptr);

    /// The options entered; meaningful while problem() is empty.
    himnet::LoadOptions options() const;
    /// What keeps the entries from being used ("Sampling interval: …"), or empty.
    QString problem() const { return m_problem; }

private:
    ReadingEntries entries() const;
    void check();
    void clearEntries();

    QComboBox* m_sheet;
    QComboBox* m_valueColumn;
    QLineEdit* m_interval;
    QComboBox* m_aggregate;
    QComboBox* m_dateOrder;
    QLineEdit* m_start;
    QLineEdit* m_missing;
    QLineEdit* m_quantity;
    QLineEdit* m_unit;
    QLineEdit* m_laneTypes;
    QLineEdit* m_from;
    QLineEdit* m_until;
    QLabel* m_problemLabel;
    QDialogButtonBox* m_buttons;
    QString m_problem;
};
