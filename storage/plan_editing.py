"""Queries the coordinator's plan editor needs beyond :class:`storage.plans.PlanRepo`."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import select

from storage.models import Plan, PlanItem
from storage.repositories import Repository


class PlanEditingRepo(Repository):
    """One plan's items, looked up and changed one at a time (always scoped to the plan)."""

    def item(self, plan: Plan, item_id: int) -> PlanItem | None:
        """An item of this plan (None if it belongs to another plan or was removed)."""
        item = self.session.get(PlanItem, item_id)
        if item is None or item.plan_id != plan.id or item.service_id != plan.service_id:
            return None
        return item

    def count(self, plan: Plan) -> int:
        """How many items the plan has."""
        return int(
            self.session.exec(
                select(func.count())
                .select_from(PlanItem)
                .where(PlanItem.service_id == plan.service_id, PlanItem.plan_id == plan.id)
            ).one()
        )

    def next_position(self, plan: Plan) -> int:
        """The position after the plan's last item (0 for an empty plan)."""
        last = self.session.exec(
            select(func.max(PlanItem.position)).where(
                PlanItem.service_id == plan.service_id, PlanItem.plan_id == plan.id
            )
        ).one()
        return 0 if last is None else int(last) + 1

    def remove(self, item: PlanItem) -> None:
        """Remove one item."""
        self.session.delete(item)
        self.session.flush()

    def save(self, item: PlanItem) -> None:
        """Keep an edited item (it is written with the transaction)."""
        self.session.add(item)
