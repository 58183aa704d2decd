"""URLs of the board director's pages (in the `reports` namespace)."""

from django.urls import path

from reports import views_board

urlpatterns: list = [
    path("boards/<int:pk>/dashboard/", views_board.board_dashboard, name="board_dashboard"),
]
