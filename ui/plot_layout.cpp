#include "plot_layout.h"

#include "qcustomplot_include.h"

void placeLegendBesidePlot(QCustomPlot* plot)
{
    auto* column = new QCPLayoutGrid;
    plot->plotLayout()->addElement(0, 1, column);
    plot->plotLayout()->setColumnStretchFactor(1, 0.001);
    column->addElement(0, 0, plot->legend);
    column->addElement(1, 0, new QCPLayoutElement(plot));
    column->setRowStretchFactor(0, 0.001);
    column->setMargins(QMargins(0, 8, 6, 0));
    plot->legend->setVisible(true);
}
