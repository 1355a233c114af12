#pragma once
// Layout helpers shared by the plots.
class QCustomPlot;

/// Moves the plot's legend out of the curves into a narrow column on the right, top-aligned,
/// and shows it: for curves that span the whole x range (a day, the forecast window) a legend
/// inside the axis rectangle would hide part of them.
void placeLegendBesidePlot(QCustomPlot* plot);
