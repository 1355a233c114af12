#include "split_choice.h"
#include "baselines_text.h"
#include "number_format.h"
#include "studio_session.h"

#include "himnet/errors.h"

#include <QComboBox>
#include <QDateTime>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QSignalBlocker>
#include <QSpinBox>

#include <cmath>

namespace {

const QString kPickHolidayFile = QStringLiteral("<pick>");
const QString kStartingModelHolidays = QStringLiteral("<model>");

QString autoContextText() { return QObject::tr("auto: weekday / weekend when a day is missing"); }

QDateTime utc(qint64 seconds) { return QDateTime::fromSecsSinceEpoch(seconds, Qt::UTC); }

QString periodRow(const QString& name, const himnet::SplitPeriod& period, bool withYear)
{
    const QString windows = period.windows == 1 ? QObject::tr("1 window") : QObject::tr("%1 windows").arg(period.windows);
    return QStringLiteral("<tr><td>%1&nbsp;</td><td>%2 – %3</td><td align=\"right\">&nbsp;%4</td></tr>")
        .arg(name, timeText(period.firstTime, withYear), timeText(period.lastTime, withYear), windows);
}

QString dayNames(const std::vector<int>& days)
{
    QStringList names;
    for (int day : days) names << QString::fromStdString(himnet::dayOfWeekName(day));
    if (names.size() < 2) return names.join(QString());
    const QString last = names.takeLast();
    return names.join(QStringLiteral(", ")) + QObject::tr(" and ") + last;
}

} // namespace

SplitChoice::SplitChoice(StudioSession* session, QWidget* parent)
    : QObject(parent), m_session(session), m_split(new QComboBox(parent)), m_trainPercent(new QSpinBox(parent)),
      m_valPercent(new QSpinBox(parent)), m_testPercent(new QLabel(parent)), m_context(new QComboBox(parent)),
      m_holidays(new QComboBox(parent)), m_plan(new QLabel(parent)), m_ratios(new QWidget(parent))
{
    m_split->setObjectName(QStringLiteral("splitBox"));
    m_split->setToolTip(tr("By time: the first share of the windows trains the model, the next validates it (picks the best "
                           "epoch), the last tests it. A split file that came with the data (the reference's index.npz) lists "
                           "the windows of each part exactly, as the paper's results were measured."));
    for (QSpinBox* box : {m_trainPercent, m_valPercent}) {
        box->setRange(1, 98);
        box->setSuffix(QStringLiteral(" %"));
    }
    m_trainPercent->setToolTip(tr("The share of the windows, from the start, that trains the model"));
    m_valPercent->setToolTip(tr("The share after it that picks the best epoch; the test period gets the rest"));
    auto* ratios = new QHBoxLayout(m_ratios);
    ratios->setContentsMargins(0, 0, 0, 0);
    ratios->addWidget(m_trainPercent, 1);
    ratios->addWidget(m_valPercent, 1);
    ratios->addWidget(m_testPercent);

    m_context->addItem(autoContextText(), static_cast<int>(himnet::TemporalContext::Auto));
    m_context->addItem(tr("as in the paper"), static_cast<int>(himnet::TemporalContext::Paper));
    m_context->addItem(tr("weekday / weekend"), static_cast<int>(himnet::TemporalContext::WeekdayWeekend));
    m_context->addItem(tr("nearest trained day"), static_cast<int>(himnet::TemporalContext::NearestDay));
    m_context->setToolTip(tr("A day of the week that no training window reaches keeps the random embedding it started with. "
                             "Read days as weekday or weekend, they share what training learned; read as the nearest trained day "
                             "of their kind, they take that day's; as in the paper, they do not, and its forecasts on such days "
                             "can lose to the naive ones."));
    m_holidays->setObjectName(QStringLiteral("holidaysBox"));
    m_holidays->addItem(tr("none"), QString());
    m_holidays->addItem(tr("US federal holidays"), QStringLiteral("us"));
    m_holidays->addItem(tr("from a file…"), kPickHolidayFile);
    m_holidays->setToolTip(tr("On a public holiday traffic looks like a Sunday's, not like its day of the week's. The model "
                              "reads the days chosen here as Sundays, in training, evaluation and forecasts, and keeps them with "
                              "the model. A file lists a date per line: 2015-01-01,New Year's Day, or 2015-01-04,Friday for a "
                              "working day moved onto a weekend."));
    m_plan->setObjectName(QStringLiteral("splitPlan"));
    m_plan->setWordWrap(true);
    m_plan->setTextFormat(Qt::RichText);

    connect(m_split, qOverload<int>(&QComboBox::currentIndexChanged), this, &SplitChoice::updatePlan);
    connect(m_context, qOverload<int>(&QComboBox::currentIndexChanged), this, &SplitChoice::updatePlan);
    connect(m_holidays, qOverload<int>(&QComboBox::currentIndexChanged), this, &SplitChoice::holidaysChosen);
    // The two shares leave at least 1 % to the test period.
    connect(m_trainPercent, qOverload<int>(&QSpinBox::valueChanged), this, [this](int train) {
        if (train + m_valPercent->value() > 99) m_valPercent->setValue(99 - train);
        updatePlan();
    });
    connect(m_valPercent, qOverload<int>(&QSpinBox::valueChanged), this, [this](int val) {
        if (m_trainPercent->value() + val > 99) m_trainPercent->setValue(99 - val);
        updatePlan();
    });
    connect(session, &StudioSession::datasetChanged, this, &SplitChoice::offerSplitFile);
    connect(session, &StudioSession::baselinesChanged, this, &SplitChoice::updatePlan);
    offerSplitFile();
}

void SplitChoice::addRowsTo(QFormLayout* form)
{
    form->addRow(tr("Split"), m_split);
    form->addRow(tr("Train / validation"), m_ratios);
    form->addRow(tr("Days of week"), m_context);
    form->addRow(tr("Holidays"), m_holidays);
    form->addRow(m_plan);
}

void SplitChoice::setPreset(const himnet::TrainingOptions& preset)
{
    m_preset = preset;
    {
        const QSignalBlocker trainBlocked(m_trainPercent), valBlocked(m_valPercent), contextBlocked(m_context);
        m_trainPercent->setValue(static_cast<int>(std::lround(preset.trainRatio * 100)));
        m_valPercent->setValue(static_cast<int>(std::lround(preset.valRatio * 100)));
        m_context->setCurrentIndex(std::max(0, m_context->findData(static_cast<int>(preset.temporalContext))));
    }
    updatePlan();
}

void SplitChoice::applyTo(himnet::TrainingOptions& options) const
{
    options.splitFile = m_split->currentData().toString().toStdString();
    options.trainRatio = m_trainPercent->value() / 100.0;
    options.valRatio = m_valPercent->value() / 100.0;
    options.temporalContext = static_cast<himnet::TemporalContext>(m_context->currentData().toInt());
    if (options.temporalContext == himnet::TemporalContext::Auto && m_startingContext) options.temporalContext = *m_startingContext;
    const bool startingModels = m_startingHolidays && m_holidays->currentData().toString() == kStartingModelHolidays;
    options.holidays = startingModels ? *m_startingHolidays : m_calendar;
    options.holidaysChosen = true; // "none" too: a fine-tuning from a model with holidays drops them
}

void SplitChoice::setStartingModel(const himnet::ModelFileSummary* model)
{
    // A fine-tuning left to auto reads unseen days as its model did; the box and the plan say so.
    m_startingContext = model ? model->temporalContext : std::nullopt;
    if (m_startingContext == himnet::TemporalContext::Auto) m_startingContext.reset();
    const int autoItem = m_context->findData(static_cast<int>(himnet::TemporalContext::Auto));
    m_context->setItemText(autoItem, m_startingContext ? tr("auto: the open model's (%1)")
                                                             .arg(m_context->itemText(m_context->findData(static_cast<int>(*m_startingContext))))
                                                       : autoContextText());
    offerStartingModelHolidays(model ? std::optional<himnet::HolidayCalendar>(model->holidays) : std::nullopt);
}

void SplitChoice::offerStartingModelHolidays(const std::optional<himnet::HolidayCalendar>& holidays)
{
    bool backToChoiceBefore = false;
    {
        const QSignalBlocker blocked(m_holidays);
        if (const int offered = m_holidays->findData(kStartingModelHolidays); offered >= 0) m_holidays->removeItem(offered);
        m_startingHolidays = holidays;
        if (holidays) {
            // A fine-tuning starts with its model's calendar, as the engine's default is.
            if (m_holidayChoice != kStartingModelHolidays) m_choiceBeforeStartingModel = m_holidayChoice;
            const QString name = holidays->empty() ? tr("none") : QString::fromStdString(holidays->name());
            m_holidays->insertItem(0, tr("the open model's (%1)").arg(name), kStartingModelHolidays);
            m_holidays->setCurrentIndex(0);
            m_holidayChoice = kStartingModelHolidays;
        } else if (m_holidayChoice == kStartingModelHolidays) {
            m_holidays->setCurrentIndex(std::max(0, m_holidays->findData(m_choiceBeforeStartingModel)));
            m_holidayChoice = QString(); // none, should that choice be a file gone since
            backToChoiceBefore = true;
        }
    }
    if (backToChoiceBefore) holidaysChosen(); // its calendar is read again, as when it was chosen
    else updatePlan();
}

void SplitChoice::holidaysChosen()
{
    const QString choice = m_holidays->currentData().toString();
    const QString us = QStringLiteral("us");
    if (choice == kStartingModelHolidays) {
        m_holidayProblem.clear();
        m_holidayChoice = choice;
        updatePlan();
        return;
    }
    if (!choice.isEmpty() && choice != us) {
        // A file: picked now, or again from the list, read anew (it may have changed, or gone).
        const QString path = choice != kPickHolidayFile ? choice
                                                        : QFileDialog::getOpenFileName(m_holidays, tr("Holidays"), QString(),
                                                                                       tr("Dates (*.csv *.txt);;All files (*)"));
        if (path.isEmpty() || !chooseHolidayFile(path)) {
            const QSignalBlocker blocked(m_holidays);
            m_holidays->setCurrentIndex(std::max(0, m_holidays->findData(m_holidayChoice)));
            updatePlan();
        }
        return;
    }
    m_holidayProblem.clear();
    m_calendar = choice == us ? himnet::HolidayCalendar::usFederal() : himnet::HolidayCalendar();
    m_holidayChoice = choice;
    updatePlan();
    if (!m_choosingForDataset) Q_EMIT holidaysChanged(choice);
}

void SplitChoice::chooseHolidays(const QString& choice)
{
    m_choiceBeforeStartingModel = choice;
    if (m_holidayChoice == kStartingModelHolidays) return;
    m_choosingForDataset = true;
    {
        const QSignalBlocker blocked(m_holidays);
        m_holidays->setCurrentIndex(std::max(0, m_holidays->findData(choice.isEmpty() || choice == QLatin1String("us") ? choice : QString())));
    }
    holidaysChosen(); // none or US; none before a file, which stays so when it cannot be read
    if (!choice.isEmpty() && choice != QLatin1String("us")) chooseHolidayFile(choice);
    m_choosingForDataset = false;
}

bool SplitChoice::chooseHolidayFile(const QString& path)
{
    try {
        m_calendar = himnet::HolidayCalendar::fromFile(path.toStdString());
    } catch (const himnet::InputError& e) {
        m_holidayProblem = QString::fromStdString(e.what());
        updatePlan();
        return false;
    }
    m_holidayProblem.clear();
    const QSignalBlocker blocked(m_holidays);
    int index = m_holidays->findData(path);
    if (index < 0) {
        index = m_holidays->count() - 1; // before "from a file…"
        m_holidays->insertItem(index, QFileInfo(path).fileName(), path);
        m_holidays->setItemData(index, path, Qt::ToolTipRole);
    }
    m_holidays->setCurrentIndex(index);
    m_holidayChoice = path;
    updatePlan();
    if (!m_choosingForDataset) Q_EMIT holidaysChanged(path);
    return true;
}

void SplitChoice::setEnabled(bool enabled)
{
    m_split->setEnabled(enabled && m_split->count() > 1);
    m_ratios->setEnabled(enabled && m_split->currentData().toString().isEmpty());
    m_context->setEnabled(enabled);
    m_holidays->setEnabled(enabled);
}

void SplitChoice::offerSplitFile()
{
    {
        const QSignalBlocker blocked(m_split);
        m_split->clear();
        m_split->addItem(tr("by time"), QString());
        const QString file = m_session->hasDataset() ? QString::fromStdString(m_session->data().splitFile) : QString();
        if (!file.isEmpty()) {
            m_split->addItem(tr("%1 (came with the data)").arg(QFileInfo(file).fileName()), file);
            m_split->setCurrentIndex(1);
        }
        m_split->setEnabled(m_split->count() > 1);
    }
    updatePlan();
}

void SplitChoice::updatePlan()
{
    const bool byTime = m_split->currentData().toString().isEmpty();
    m_ratios->setEnabled(byTime && m_context->isEnabled());
    m_testPercent->setText(tr("test %1 %").arg(100 - m_trainPercent->value() - m_valPercent->value()));
    bool canSplit = false;
    if (!m_session->hasDataset()) {
        m_plan->clear();
    } else {
        himnet::TrainingOptions options = m_preset;
        applyTo(options);
        try {
            const himnet::TrainingPlan plan = himnet::planTraining(m_session->data(), options);
            const auto& times = m_session->data().timestamps;
            const int year = utc(times.front()).date().year();
            const bool withYear = utc(times.back()).date().year() != year;
            QString text = withYear ? QString() : tr("<p>In %1:</p>").arg(year);
            text += QStringLiteral("<table cellspacing=\"0\">") + periodRow(tr("Training"), plan.train, withYear)
                + periodRow(tr("Validation"), plan.val, withYear) + periodRow(tr("Test"), plan.test, withYear) + QStringLiteral("</table>");
            if (!plan.unseenDays.empty()) {
                const QString days = dayNames(plan.unseenDays);
                text += plan.context == himnet::TemporalContext::Paper
                    ? tr("<p style=\"color:#b35900\">%1 never occur in training: as in the paper, their embeddings stay "
                         "untrained, and forecasts on them can lose to the naive ones.</p>").arg(days)
                    : plan.context == himnet::TemporalContext::NearestDay
                    ? tr("<p>%1 never occur in training: each is read as the nearest day of its kind (weekday or weekend) "
                         "that does.</p>").arg(days)
                    : tr("<p>%1 never occur in training: days are read as weekday or weekend, so they share what "
                         "training learned.</p>").arg(days);
            }
            if (plan.unseenSlots > 0)
                text += tr("<p>%1 of the day never occur in training%2.</p>")
                            .arg(plan.unseenSlots == 1 ? tr("1 time slot") : tr("%1 time slots").arg(plan.unseenSlots),
                                 plan.context == himnet::TemporalContext::Paper ? QString() : tr(": they are read as the nearest one that does"));
            if (!options.holidays.empty())
                text += tr("<p>Holidays: %1.</p>").arg(QString::fromStdString(plan.describeHolidays()).toHtmlEscaped());
            if (!m_holidayProblem.isEmpty())
                text += QStringLiteral("<p style=\"color:#b00020\">%1</p>").arg(m_holidayProblem.toHtmlEscaped());
            text += baselinesParagraph(QString::fromStdString(plan.toJson()), options);
            m_plan->setText(text);
            canSplit = true;
        } catch (const himnet::InputError& e) {
            m_plan->setText(QStringLiteral("<p style=\"color:#b00020\">%1</p>").arg(tr("Cannot split the data so: %1").arg(QString::fromStdString(e.what()).toHtmlEscaped())));
        }
    }
    if (canSplit != m_canSplit) {
        m_canSplit = canSplit;
        Q_EMIT canSplitChanged(canSplit);
    }
}

QString SplitChoice::baselinesParagraph(const QString& plan, const himnet::TrainingOptions& options)
{
    const himnet::BaselineErrors* measured = m_session->baselinesOf(plan);
    if (!measured) {
        const std::shared_ptr<const himnet::Dataset>& data = m_session->dataset().data;
        if (m_baselinesAskedData.lock() != data || m_baselinesAskedPlan != plan) {
            m_baselinesAskedData = data;
            m_baselinesAskedPlan = plan;
            Q_EMIT baselinesWanted(options, plan);
        }
        return tr("<p style=\"color:#666666\">Measuring the naive forecasts on the test period…</p>");
    }
    return tr("<p>What a model must beat: %1.</p>").arg(baselinesText(*measured, m_session->unitSuffix()));
}

QString splitText(const himnet::SplitSummary& split)
{
    const QString file = QString::fromStdString(split.file);
    if (file.isEmpty()) {
        const auto percent = [](double share) { return QString::number(std::lround(share * 100)); };
        return QObject::tr("By time, %1 / %2 / %3 % (training / validation / test)")
            .arg(percent(split.trainRatio), percent(split.valRatio), percent(1 - split.trainRatio - split.valRatio));
    }
    if (split.trainWindows == 0) return QObject::tr("By %1, read from that file beside the data").arg(file);
    return QObject::tr("By %1, %2 / %3 / %4 windows (training / validation / test), kept in the checkpoint")
        .arg(file)
        .arg(split.trainWindows)
        .arg(split.valWindows)
        .arg(split.testWindows);
}
