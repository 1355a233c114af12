#include "reading_options_dialog.h"
#include "reading_options.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace {

QLineEdit* optionEntry(const QString& objectName, const QString& text, const QString& placeholder, QWidget* parent)
{
    auto* edit = new QLineEdit(text, parent);
    edit->setObjectName(objectName);
    edit->setPlaceholderText(placeholder);
    edit->setClearButtonEnabled(true);
    return edit;
}

QString optionalText(const std::optional<std::string>& value) { return value ? QString::fromStdString(*value) : QString(); }

} // namespace

ReadingOptionsDialog::ReadingOptionsDialog(const himnet::LoadOptions& current, const himnet::Dataset& read, QWidget* parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Reading options — %1").arg(QString::fromStdString(read.name)));
    setMinimumWidth(fontMetrics().averageCharWidth() * 88); // room for the placeholders and the notes
    // Each entry holds the option given, if any; its placeholder says what the files gave.
    const QString usedNow = tr("%1 (used now)");
    const QString asRead = read.timeAxisInFiles ? tr("from the timestamps: %1") : usedNow;
    // The whole series' first and last step, also when a period of it was read.
    const auto timeText = [](int64_t time) { return QString::fromStdString(himnet::formatTimestamp(time)); };
    const QString firstTime = read.timestamps.empty() ? QString() : timeText(read.seriesFirstTime.value_or(read.timestamps.front()));
    const QString lastTime = read.timestamps.empty() ? QString() : timeText(read.seriesLastTime.value_or(read.timestamps.back()));
    m_interval = optionEntry(QStringLiteral("intervalEdit"), current.intervalSeconds ? intervalText(*current.intervalSeconds) : QString(),
                             asRead.arg(intervalText(read.intervalSeconds)), this);
    m_start = optionEntry(QStringLiteral("startEdit"),
                          current.startTime ? QString::fromStdString(himnet::formatTimestamp(*current.startTime)) : QString(),
                          firstTime.isEmpty() ? QString() : asRead.arg(firstTime), this);
    m_missing = optionEntry(QStringLiteral("missingEdit"), current.missingValue ? QString::number(double(*current.missingValue)) : QString(),
                            usedNow.arg(double(read.missingValue)), this);
    m_quantity = optionEntry(QStringLiteral("quantityEdit"), optionalText(current.quantity),
                             read.quantity.empty() ? tr("not known, e.g. speed or flow") : usedNow.arg(QString::fromStdString(read.quantity)),
                             this);
    m_unit = optionEntry(QStringLiteral("unitEdit"), optionalText(current.unit),
                         read.unit.empty() ? tr("not known, e.g. mph, km/h or veh/h") : usedNow.arg(QString::fromStdString(read.unit)), this);
    // A long table's columns: the first item reads the column the file gives by default (the
    // one read now, unless a column was chosen).
    m_valueColumn = new QComboBox(this);
    m_valueColumn->setObjectName(QStringLiteral("valueColumnBox"));
    const QString byDefault = read.valueColumn.empty() ? tr("one value per sensor and step")
        : current.valueColumn                          ? tr("as the file says")
                                                       : tr("as the file says: %1").arg(QString::fromStdString(read.valueColumn));
    m_valueColumn->addItem(byDefault, QString());
    for (const std::string& column : read.valueColumns) m_valueColumn->addItem(QString::fromStdString(column), QString::fromStdString(column));
    if (current.valueColumn) m_valueColumn->setCurrentIndex(std::max(0, m_valueColumn->findData(QString::fromStdString(*current.valueColumn))));
    m_valueColumn->setEnabled(read.valueColumns.size() > 1);
    if (!m_valueColumn->isEnabled()) m_valueColumn->setToolTip(tr("Only a long table (a row per time and sensor) with several value columns has a choice"));
    // An Excel workbook's sheets: the first item reads the first one, as the file alone does.
    m_sheet = new QComboBox(this);
    m_sheet->setObjectName(QStringLiteral("sheetBox"));
    m_sheet->addItem(read.sheets.empty() ? tr("not an Excel workbook")
                     : current.sheet     ? tr("the first")
                                         : tr("the first: %1").arg(QString::fromStdString(read.sheets.front())),
                     QString());
    for (const std::string& sheet : read.sheets) m_sheet->addItem(QString::fromStdString(sheet), QString::fromStdString(sheet));
    if (current.sheet) m_sheet->setCurrentIndex(std::max(0, m_sheet->findData(QString::fromStdString(*current.sheet))));
    m_sheet->setEnabled(read.sheets.size() > 1);
    if (!m_sheet->isEnabled()) m_sheet->setToolTip(tr("Only an Excel workbook of several sheets has a choice"));
    // The columns listed are the sheet's read now: another sheet has its own, chosen once it is read.
    connect(m_sheet, &QComboBox::currentIndexChanged, this, [this, sheetRead = QString::fromStdString(read.sheet), first = read.sheets.empty() ? QString() : QString::fromStdString(read.sheets.front())] {
        const QString chosen = m_sheet->currentData().toString();
        const bool sameSheet = (chosen.isEmpty() ? first : chosen) == sheetRead;
        if (!sameSheet) m_valueColumn->setCurrentIndex(0);
        m_valueColumn->setEnabled(sameSheet && m_valueColumn->count() > 2);
    });
    // Readings combined into longer steps: averaged (speeds, rates) or totalled (counts). Only
    // files with timestamps have readings to combine, and only into the interval entered.
    m_aggregate = new QComboBox(this);
    m_aggregate->setObjectName(QStringLiteral("aggregateBox"));
    m_aggregate->addItem(tr("Average them (speeds, occupancies, rates)"), QString());
    m_aggregate->addItem(tr("Total them (counts: vehicles, trips per reading)"), QStringLiteral("sum"));
    if (current.aggregation == himnet::Aggregation::Sum) m_aggregate->setCurrentIndex(1);
    m_aggregate->setToolTip(tr("How the readings that fall into one step of the sampling interval become its value. A step missing "
                               "some readings totals the others and counts each missing one at their mean."));
    const auto enableAggregate = [this, timestamps = read.timeAxisInFiles] {
        m_aggregate->setEnabled(timestamps && !m_interval->text().trimmed().isEmpty());
    };
    connect(m_interval, &QLineEdit::textChanged, this, enableAggregate);
    enableAggregate();
    // Dates with slashes whose order the file's own dates do not show (one day, no number
    // above 12): month first or day first, as the user says. Dates that show it win.
    m_dateOrder = new QComboBox(this);
    m_dateOrder->setObjectName(QStringLiteral("dateOrderBox"));
    m_dateOrder->addItem(tr("As the dates show"), QString());
    m_dateOrder->addItem(tr("Month first, as in the US (12/4 is 4 December)"), QStringLiteral("mdy"));
    m_dateOrder->addItem(tr("Day first (12/4 is 12 April)"), QStringLiteral("dmy"));
    if (current.dateOrder == himnet::DateOrder::MonthFirst) m_dateOrder->setCurrentIndex(1);
    if (current.dateOrder == himnet::DateOrder::DayFirst) m_dateOrder->setCurrentIndex(2);
    m_dateOrder->setToolTip(tr("For dates written with slashes. The file's own dates settle it where they can (a number above "
                               "12, or several days in a row); this says it where they cannot, as in a file of one day."));
    // PeMS stations of the lane types asked for (mainline, say, without the ramps).
    m_laneTypes = optionEntry(QStringLiteral("laneTypesEdit"), laneTypesText(current.laneTypes),
                              tr("all: ML mainline, OR on-ramp, FR off-ramp, HV HOV lane…"), this);
    m_laneTypes->setToolTip(tr("The lane types of the PeMS stations to read, e.g. ML for the mainline alone (as the PEMS "
                               "benchmarks read), or ML, HV with the HOV lanes"));
    // The period to read: the placeholders show where an empty entry reads from, and to.
    const auto timeEntry = [&timeText](const std::optional<int64_t>& time) { return time ? timeText(*time) : QString(); };
    m_from = optionEntry(QStringLiteral("fromEdit"), timeEntry(current.from),
                         firstTime.isEmpty() ? tr("the first step") : tr("the first step: %1").arg(firstTime), this);
    m_from->setToolTip(tr("Leave out the steps before this time (UTC), e.g. 2015-01-11: a period before the sensors or how they "
                          "were read changed, say"));
    m_until = optionEntry(QStringLiteral("untilEdit"), timeEntry(current.until),
                          lastTime.isEmpty() ? tr("to the last step") : tr("to the last step: %1").arg(lastTime), this);
    m_until->setToolTip(tr("Leave out the steps from this time (UTC) on, e.g. 2015-02-01 reads January to its last step"));
    // Files with timestamps say when each reading was taken: a start given as well could only
    // contradict them, and an interval only makes longer steps of their readings.
    m_start->setEnabled(!read.timeAxisInFiles);
    if (read.timeAxisInFiles) {
        m_start->setToolTip(tr("The files carry timestamps"));
        m_interval->setToolTip(tr("The files carry timestamps: a multiple of their interval combines their readings into longer steps "
                                  "(5-minute readings into 15-minute steps, say), averaged or totalled as the next row says"));
    }

    auto* intro = new QLabel(tr("How to read what the files of <b>%1</b> do not say. Leave a field empty to read it as the "
                                "files say; the grey text shows what that gives.")
                                 .arg(QString::fromStdString(read.name).toHtmlEscaped()),
                             this);
    intro->setWordWrap(true);
    intro->setAlignment(Qt::AlignLeft | Qt::AlignTop); // wrapped at the final width, it needs fewer lines than first measured
    auto* form = new QFormLayout;
    form->addRow(tr("S&heet:"), m_sheet);
    form->setRowVisible(m_sheet, !read.sheets.empty()); // only a workbook has sheets
    form->addRow(tr("&Value column:"), m_valueColumn);
    form->addRow(tr("Sampling &interval:"), m_interval);
    form->addRow(tr("&Combine readings:"), m_aggregate);
    form->setRowVisible(m_aggregate, read.timeAxisInFiles); // without timestamps, each row is one step
    form->addRow(tr("&Lane types:"), m_laneTypes);
    form->setRowVisible(m_laneTypes, read.format == "pems-station");
    form->addRow(tr("&Dates with slashes:"), m_dateOrder);
    form->setRowVisible(m_dateOrder, read.timeAxisInFiles); // without timestamps there are no dates to read
    form->addRow(tr("First &timestamp (UTC):"), m_start);
    form->addRow(tr("Read &from (UTC):"), m_from);
    form->addRow(tr("Read u&ntil (UTC):"), m_until);
    form->addRow(tr("&Missing-value marker:"), m_missing);
    form->addRow(tr("&Quantity measured:"), m_quantity);
    form->addRow(tr("&Unit:"), m_unit);

    QString notes;
    for (const std::string& note : read.notes) notes += QStringLiteral("<li>%1</li>").arg(QString::fromStdString(note).toHtmlEscaped());
    auto* notesLabel = new QLabel(tr("While reading, the app assumed:<ul>%1</ul>").arg(notes), this);
    notesLabel->setObjectName(QStringLiteral("notesLabel"));
    notesLabel->setWordWrap(true);
    notesLabel->setVisible(!notes.isEmpty());

    m_problemLabel = new QLabel(this);
    m_problemLabel->setObjectName(QStringLiteral("problemLabel"));
    m_problemLabel->setWordWrap(true);
    m_problemLabel->setStyleSheet(QStringLiteral("color: #b00020"));

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel | QDialogButtonBox::Reset, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(tr("Read Again"));
    m_buttons->button(QDialogButtonBox::Reset)->setText(tr("As the Files Say"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_buttons->button(QDialogButtonBox::Reset), &QPushButton::clicked, this, &ReadingOptionsDialog::clearEntries);

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addLayout(form);
    layout->addWidget(notesLabel);
    layout->addWidget(m_problemLabel);
    layout->addWidget(m_buttons);

    for (QLineEdit* edit : {m_interval, m_start, m_missing, m_quantity, m_unit, m_laneTypes, m_from, m_until})
        connect(edit, &QLineEdit::textChanged, this, &ReadingOptionsDialog::check);
    connect(m_valueColumn, &QComboBox::currentIndexChanged, this, &ReadingOptionsDialog::check);
    connect(m_sheet, &QComboBox::currentIndexChanged, this, &ReadingOptionsDialog::check);
    connect(m_aggregate, &QComboBox::currentIndexChanged, this, &ReadingOptionsDialog::check);
    connect(m_dateOrder, &QComboBox::currentIndexChanged, this, &ReadingOptionsDialog::check);
    check();
}

ReadingEntries ReadingOptionsDialog::entries() const
{
    // Entries that are off (files with timestamps) give nothing, whatever they hold.
    ReadingEntries e{m_interval->isEnabled() ? m_interval->text() : QString(),
                     m_start->isEnabled() ? m_start->text() : QString(),
                     m_missing->text(),
                     m_quantity->text(),
                     m_unit->text(),
                     m_valueColumn->currentData().toString(),
                     m_sheet->currentData().toString(),
                     m_aggregate->isEnabled() ? m_aggregate->currentData().toString() : QString(),
                     m_dateOrder->currentData().toString(),
                     m_laneTypes->text(),
                     m_from->text(),
                     m_until->text()};
    return e;
}

himnet::LoadOptions ReadingOptionsDialog::options() const { return parseReadingEntries(entries()).options; }

void ReadingOptionsDialog::check()
{
    m_problem = parseReadingEntries(entries()).problem;
    m_problemLabel->setText(m_problem);
    m_problemLabel->setVisible(!m_problem.isEmpty());
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(m_problem.isEmpty());
}

void ReadingOptionsDialog::clearEntries()
{
    for (QLineEdit* edit : {m_interval, m_start, m_missing, m_quantity, m_unit, m_laneTypes, m_from, m_until}) edit->clear();
    m_valueColumn->setCurrentIndex(0);
    m_sheet->setCurrentIndex(0);
    m_aggregate->setCurrentIndex(0);
    m_dateOrder->setCurrentIndex(0);
}
