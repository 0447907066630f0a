from sqlalchemy import select

from server.categories.models import Category
from server.extensions import db


def list_categories(include_inactive: bool = False) -> list[Category]:
    query = select(Category).order_by(Category.sort_order, Category.code)
    if not include_inactive:
        query = query.where(Category.active.is_(True))
    return list(db.session.scalars(query))


def by_code(code: str) -> Category | None:
    return db.session.scalar(select(Category).filter_by(code=code))
