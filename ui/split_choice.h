#pragma once
// How the data is split for training, chosen and seen before training starts: by time with
// the training and validation shares (the test period gets the rest), or by the split file
// that came with the data (the reference's index.npz); how days of week never seen in
// training are treated; which days are holidays, read as Sundays; and what that gives — each
// period's dates and windows, the days training will not see, the holidays in the data — or
// why the data cannot be split so.
// It owns no data: it reads the session's dataset and fills TrainingOptions.
#include "himnet/baseline_errors.h"
#include "himnet/model_file.h"
#include "himnet/training.h"

#include <QObject>
#include <QString>

#include <memory>
#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QSpinBox;
class QWidget;
class StudioSession;

class SplitChoice : public QObject {
    Q_OBJECT
public:
    /// The controls are children of `parent`, which places them with addRowsTo().
    SplitChoice(StudioSession* session, QWidget* parent);

    /// Adds the rows Split, Train / validation, Days of week and Holidays, and the plan below them.
    void addRowsTo(QFormLayout* form);
    /// Starts from a preset's ratios, window lengths and temporal context.
    void setPreset(const himnet::TrainingOptions& preset);
    /// Writes the split file or the ratios, the temporal context and the holidays into `options`.
    void applyTo(himnet::TrainingOptions& options) const;
    /// A fine-tuning from the open model `model`, or null for new weights. Its calendar is
    /// offered first in the Holidays box and chosen, as the engine's default; another choice
    /// (none included) replaces it, and with new weights the box comes back to the choice
    /// before it. Days of week left to auto are read as the model's training read them.
    void setStartingModel(const himnet::ModelFileSummary* model);
    /// Whether the session's data can be split as chosen.
    bool canSplit() const { return m_canSplit; }
    void setEnabled(bool enabled);

    QComboBox* splitBox() const { return m_split; }
    QSpinBox* trainPercentBox() const { return m_trainPercent; }
    QSpinBox* valPercentBox() const { return m_valPercent; }
    QComboBox* contextBox() const { return m_context; }
    QComboBox* holidaysBox() const { return m_holidays; }
    /// Reads the holiday file at `path` and chooses it (what "from a file…" does once a file
    /// is picked); false, with the reason in the plan, when it cannot be read.
    bool chooseHolidayFile(const QString& path);
    /// Chooses the holidays remembered for a dataset: "" none, "us", or a file's path, read
    /// again (one that cannot be read leaves none, with the reason in the plan). While the open
    /// model's are offered and chosen, they stay, and new weights come back to these.
    void chooseHolidays(const QString& choice);
    QLabel* planLabel() const { return m_plan; }

Q_SIGNALS:
    /// The data can, or can no longer, be split as chosen.
    void canSplitChanged(bool canSplit);
    /// The user chose holidays: "" none, "us", or a file's path (not the open model's offer).
    void holidaysChanged(const QString& choice);
    /// The plan shown waits for what a model trained so must beat: the naive forecasts' errors
    /// on the test windows of the session's data split as `options` say, whose plan is `plan`
    /// (himnet::TrainingPlan::toJson), for StudioSession::setBaselines. Once per plan and data.
    void baselinesWanted(const himnet::TrainingOptions& options, const QString& plan);

private:
    /// Offers the split file of the session's data, chosen when there is one.
    void offerSplitFile();
    void updatePlan();
    /// What a model trained on the plan `plan` (of `options`) must beat, once measured; until
    /// then that it is being measured, asked for with baselinesWanted.
    QString baselinesParagraph(const QString& plan, const himnet::TrainingOptions& options);
    /// The Holidays box's offer of the starting model's calendar (setStartingModel).
    void offerStartingModelHolidays(const std::optional<himnet::HolidayCalendar>& holidays);
    /// The Holidays box's choice changed: "from a file…" asks for one.
    void holidaysChosen();

    StudioSession* m_session;
    QComboBox* m_split;      ///< item data: the split file's path; empty for by time
    QSpinBox *m_trainPercent, *m_valPercent;
    QLabel* m_testPercent;
    QComboBox* m_context;    ///< item data: himnet::TemporalContext
    std::optional<himnet::TemporalContext> m_startingContext; ///< what auto means while fine-tuning: the open model's
    QComboBox* m_holidays;   ///< item data: "", "us", a file's path, kPickHolidayFile, or kStartingModelHolidays
    himnet::HolidayCalendar m_calendar; ///< the Holidays box's none, US or file, read when it was chosen
    std::optional<himnet::HolidayCalendar> m_startingHolidays; ///< the open model's, while fine-tuning from it
    QString m_holidayChoice; ///< the item data chosen before "from a file…", to go back to when none is read
    QString m_choiceBeforeStartingModel; ///< to go back to when the starting model's offer goes
    bool m_choosingForDataset = false; ///< chooseHolidays() at work: not the user's choice
    QString m_holidayProblem; ///< why the last file chosen could not be read
    QLabel* m_plan;
    QWidget* m_ratios;       ///< the two shares and the test's, in one row
    himnet::TrainingOptions m_preset;
    bool m_canSplit = false;
    /// The data and plan baselinesWanted was last sent for: not again while it is measured
    /// (weak: data opened since, even at the same address, is other data).
    std::weak_ptr<const himnet::Dataset> m_baselinesAskedData;
    QString m_baselinesAskedPlan;
};

/// How a checkpoint's training split its data, as the Model tab and Continue say it: "By time,
/// 70 / 10 / 20 % (training / validation / test)", "By index.npz, 2000 / 300 / 553 windows
/// (training / validation / test), kept in the checkpoint".
QString splitText(const himnet::SplitSummary& split);
