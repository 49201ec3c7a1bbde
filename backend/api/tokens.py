"""API tokens for integrations: exchange a username and password for a token, or revoke it."""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.api.throttles import AuthRateThrottle

TokenSerializer = inline_serializer("Token", {"token": serializers.CharField()})


class TokenView(APIView):
    """POST a username and password to get your token (the same one until revoked);
    DELETE (with the token) to revoke it. Send it as `Authorization: Token <token>`."""

    throttle_classes = [AuthRateThrottle]
    serializer_class = AuthTokenSerializer

    def get_permissions(self):
        return [AllowAny()] if self.request.method == "POST" else [IsAuthenticated()]

    @extend_schema(request=AuthTokenSerializer, responses={200: TokenSerializer})
    def post(self, request: Request) -> Response:
        credentials = AuthTokenSerializer(data=request.data, context={"request": request})
        credentials.is_valid(raise_exception=True)
        token, _ = Token.objects.get_or_create(user=credentials.validated_data["user"])
        return Response({"token": token.key})

    @extend_schema(request=None, responses={204: None})
    def delete(self, request: Request) -> Response:
        Token.objects.filter(user=request.user).delete()
        return Response(status=status.HTTP_204_NO_CONTENT)
