"""Redacted-cost gaps: each group total split into itemised money and money never itemised."""

import pandas as pd
import streamlit as st

from foi import charts, ui
from foi.gaps import figures_kept_back, paid_to_hidden_suppliers
from foi.money import format_gbp
from foi.summary import INFERENCE_CAVEAT
from foi.views import credits
from foi.views import gaps as view
from foi.vocab import basis_label

values = ui.page_state("gaps")
ui.dataset_picker(values)
dataset = values["dataset"]
embedded = st.context.is_embedded
plain = ui.group_gaps(dataset)

if not embedded:
    st.title("Redacted-cost gaps")
    st.caption(
        "The gap is the money a body disclosed only as a group total: total = itemised per project "
        "+ never itemised. Only figures of the same, stated basis as the total are subtracted; "
        "a negative gap is shown as a discrepancy, never hidden."
    )
if not embedded and plain:  # the inference only means something where there are totals
    st.toggle(
        "Inference: assume money spent to date on a member sits inside its group's total",
        key=ui.sync_widget("assume", values["assume"] == "spent_to_date"),
        on_change=ui.on_widget_change,
        args=("assume",),
        kwargs={"convert": lambda on: "spent_to_date" if on else "none", "reset_page": False},
        help=INFERENCE_CAVEAT,
    )

assume = None if values["assume"] == "none" else values["assume"]
inferred = ui.group_gaps(dataset, assume) if assume else plain
by_id = {g.group_id: g for g in inferred}
# Status groups by default; an enclosing aggregate (e.g. "stopped or corrected") only when
# picked in the URL, since it holds the same money again.
groups = view.picked_groups(plain, values["group"])

if not groups:
    st.info(
        "This dataset has no group totals, so there is no gap to compute. Shown instead: how many "
        "figures were withheld, and, for payment files, the money paid to suppliers whose names "
        "were kept back."
    )
    mix = ui.query("disclosure_shares", dataset=dataset)
    if len(mix):
        mix = mix.assign(basis_label=mix["basis"].map(basis_label))
        figures = figures_kept_back(mix.to_dict("records"))
        ui.chart_block(
            charts.disclosure_mix_chart(
                mix.to_dict("records"),
                f"{figures.kept:,} of {figures.total:,} figures withheld or redacted "
                f"({figures.share or 0:.1%})",
            ),
            mix,
            f"{dataset}_disclosure-mix",
            key="mix_chart",
            basis=credits.bases(mix["basis"]),
            caveat=credits.COUNTS,
        )
    payees = ui.query("counterparty_shares", dataset=dataset)
    if len(payees):
        money, payments = paid_to_hidden_suppliers(payees.to_dict("records"))
        share = money.share or 0
        ui.chart_block(
            charts.counterparty_chart(
                payees.to_dict("records"),
                f"{format_gbp(money.kept)} of {format_gbp(money.total)} ({share:.1%}) paid to "
                "suppliers whose names were kept back",
            ),
            payees,
            f"{dataset}_withheld-counterparties",
            key="payee_chart",
            basis="Payment",
            caveat=credits.PAYEES,
        )
        st.metric("Withheld share of money paid", f"{share:.1%}")
        st.caption(
            f"{payments.kept:,} of {payments.total:,} payments went to a supplier recorded as "
            "redacted or withheld."
        )
else:
    fig = charts.gap_chart(
        view.gap_bars(groups, by_id),
        view.gap_title(groups, by_id),
        "With the inference switched on (sky blue, dotted)" if assume else None,
    )
    table = view.gap_table(groups, by_id)
    ui.chart_block(
        fig,
        table,
        f"{dataset}_redacted-cost-gaps{'_inferred' if assume else ''}",
        key="gap_chart",
        basis=credits.bases(g.gap.total_basis for g in groups),
        caveat=view.gap_caveat(bool(assume)),
    )

    if not embedded:
        for g in groups:
            shown = by_id[g.group_id].gap
            bound = "more than " if g.total_qualifier == "lower_bound" else ""
            with st.container(border=True):
                st.markdown(
                    f"**{ui.md_text(g.label)}**: {g.gap.members} projects, {g.gap.named} named"
                )
                cols = st.columns(4)
                cols[0].metric("Total disclosed", bound + format_gbp(g.gap.total_gbp))
                cols[1].metric("Itemised", format_gbp(shown.itemised_gbp))
                cols[2].metric("Never itemised", format_gbp(shown.gap_gbp))
                cols[3].metric(
                    "Projects sharing the gap",
                    f"{shown.unitemised_members} of {shown.members}",
                )
                st.caption(
                    f"Basis of the total: {ui.md_text(basis_label(g.gap.total_basis))}. "
                    f"Source: {ui.source_md(g.source_ids[0] if g.source_ids else '', g.source_url, g.source_publisher, g.locator)}"
                )
                if assume and shown.itemised_gbp != g.gap.itemised_gbp:
                    st.warning(
                        f"Inference, not a disclosed fact: if the {format_gbp(shown.itemised_gbp)} "
                        f"spent to date ({', '.join(shown.figure_ids)}) sits inside the "
                        f"{format_gbp(g.gap.total_gbp)}, the other {shown.unitemised_members} "
                        f"projects share {format_gbp(shown.gap_gbp)} with no breakdown. "
                        f"{INFERENCE_CAVEAT} Sources: {ui.sources_md(dataset, shown.source_ids)}",
                        icon=":material/psychology_alt:",
                    )
                if shown.discrepancy:
                    st.error(f"Discrepancy: {shown.discrepancy}", icon=":material/error:")
                for conflict in shown.conflicts:
                    st.caption(f"Sources disagree on a member's amount: {ui.md_text(conflict)}")

        members = view.member_rows(groups)
        if members:
            ui.chart_block(
                charts.members_chart(members, view.members_title(members)),
                pd.DataFrame(members),
                f"{dataset}_named-vs-unnamed",
                key="members_chart",
                # the groups' own sources, which count the members and name some of them
                sources=[s for g in groups for s in g.source_ids],
                caveat="Counts of projects; an unnamed project is counted by a source but never named",
            )

if not embedded:
    st.subheader("Withheld figures")
    withheld = ui.query("withheld_figures", dataset=dataset)
    if len(withheld) == 0:
        st.write("No figure in this dataset was withheld or redacted.")
    else:
        st.write(view.withheld_sentence(withheld))
        labels = dict(
            zip(*ui.query("statuses", dataset=dataset)[["status", "label"]].T.values, strict=True)
        )
        show = view.withheld_table(withheld, labels)
        ui.data_table(
            show,
            column_config={
                "source_url": st.column_config.LinkColumn("Source link", display_text="open"),
                "named": st.column_config.CheckboxColumn("Named"),
            },
        )
    ui.link_to_view("gaps")
